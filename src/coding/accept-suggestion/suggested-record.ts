import { PRECISIONS, THREAT_INSTRUMENTS, type Precision } from '../../records';
import type { CandidateRecord, DateGuess } from '../domain/suggestion';
import type { ArticleCitation } from '../suggestion.store';

/** The record fields a recorder may change before accepting a suggestion. */
export const EDITABLE_FIELDS = [
  'kind',
  'source',
  'target',
  'occurredAt',
  'precision',
  'quote',
  'citation',
  'topics',
  'code',
  'tone',
  'confidence',
  'note',
  'threat',
  'denial',
] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];
export type RecordEdits = Partial<Record<EditableField, unknown>>;

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The record a suggestion proposes, as `POST /records` would take it: the candidate's
 * quote, speaker, target, kind, top CAMEO code, tone and date, the article's citation.
 * What the suggester could not settle (an unresolved speaker, no date) is left out, for
 * the recorder's edits to supply; the records capability's parser then says what is missing.
 */
export function suggestedRecord(
  candidate: CandidateRecord,
  article: ArticleCitation,
): Record<string, unknown> {
  const notes = [`Assisted coding. Tone: ${candidate.tone.basis}.`];
  const record: Record<string, unknown> = {
    kind: candidate.kind,
    quote: candidate.quote.text,
    citation: { ...article },
    topics: [],
    tone: candidate.tone.value,
  };
  if (candidate.speaker.resolved) record.source = candidate.speaker.resolved.actorId;
  if (candidate.target.resolved) record.target = candidate.target.resolved.actorId;
  const code = candidate.cameo[0]?.code;
  if (code !== undefined) record.code = code;
  const date = recordDate(candidate.date);
  if (date) Object.assign(record, date);
  if (candidate.kind === 'threat') {
    const threat = candidate.threat ?? {};
    const instrument = (THREAT_INSTRUMENTS as readonly string[]).includes(threat.instrument ?? '')
      ? threat.instrument
      : 'other';
    record.threat = {
      instrument,
      ...(threat.magnitude ? { magnitude: threat.magnitude } : {}),
      ...(threat.condition ? { condition: threat.condition } : {}),
      // A record's deadline is an instant; a deadline in words ("by Friday") goes to the note.
      ...(threat.deadline && INSTANT.test(threat.deadline) ? { deadline: threat.deadline } : {}),
    };
    if (threat.deadline && !INSTANT.test(threat.deadline))
      notes.push(`Deadline as said: ${threat.deadline}.`);
  }
  if (candidate.kind === 'denial' && candidate.denial?.claim) {
    record.denial = { claim: candidate.denial.claim };
  }
  record.note = notes.join(' ');
  return record;
}

/** The suggestion's date as a record's: hours and minutes are instants; a year is too coarse. */
function recordDate(
  date: DateGuess | null,
): { occurredAt: string; precision: Precision } | undefined {
  if (!date) return undefined;
  const precision: Precision | undefined =
    date.precision === 'hour' || date.precision === 'minute'
      ? 'instant'
      : (PRECISIONS as readonly string[]).includes(date.precision)
        ? (date.precision as Precision)
        : undefined;
  return precision === undefined ? undefined : { occurredAt: date.occurredAt, precision };
}

/**
 * Applies the recorder's edits; `citation` merges field by field (an outlet added to the
 * article's title). Answers the fields whose value the edits changed, by name.
 */
export function applyEdits(
  suggested: Record<string, unknown>,
  edits: RecordEdits,
): { readonly record: Record<string, unknown>; readonly changed: string[] } {
  const record = { ...suggested };
  const changed: string[] = [];
  for (const [field, value] of Object.entries(edits)) {
    if (value === undefined) continue;
    const next =
      field === 'citation' && isPlainObject(value) && isPlainObject(record.citation)
        ? { ...record.citation, ...value }
        : value;
    if (JSON.stringify(next) !== JSON.stringify(record[field])) changed.push(field);
    record[field] = next;
  }
  return { record, changed: changed.sort() };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
