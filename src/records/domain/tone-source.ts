import type { Dataset, RecordDraft } from './record';

/**
 * The field of each dataset's row that an imported record's `tone` is read from. Only
 * GDELT measures how an event was reported (`AvgTone`, the mean tone of the articles
 * that mention it, clamped to [-10, +10]); ICEWS and POLECAT carry no tone, so their
 * records have none unless a recorder gives one.
 */
const DATASET_TONE_FIELDS: Readonly<Record<Dataset, string | undefined>> = {
  gdelt2: 'AvgTone',
  gdelt1: 'AvgTone',
  icews: undefined,
  polecat: undefined,
};

/**
 * Where a record's tone came from, derived for the views: `recorder` for a hand-coded
 * record's tone (the recorder's reading of the quote) and for an imported record's tone
 * a recorder has since corrected (`toneCorrected`), `<dataset>:<field>` (for example
 * `gdelt2:AvgTone`) for a tone taken from a dataset row, `<dataset>` where the dataset
 * has no tone field; undefined when the record has no tone.
 */
export function toneSourceOf(
  record: Pick<RecordDraft, 'tone' | 'origin'>,
  toneCorrected = false,
): string | undefined {
  if (record.tone === undefined) return undefined;
  if (record.origin === undefined || toneCorrected) return 'recorder';
  const field = DATASET_TONE_FIELDS[record.origin.dataset];
  return field === undefined ? record.origin.dataset : `${record.origin.dataset}:${field}`;
}
