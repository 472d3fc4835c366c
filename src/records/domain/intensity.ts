import { CAMEO_GOLDSTEIN, type IntensityTable } from './cameo-goldstein';
import type { Dataset, RecordDraft, RecordKind } from './record';

/** `cameo` (the table's weight of the record's code), `kind-default`, or the dataset whose row weighed it. */
export type IntensitySource = 'cameo' | 'kind-default' | Dataset;

export interface Intensity {
  readonly value: number;
  readonly source: IntensitySource;
  /**
   * The CAMEO code whose weight was used (the record's, a parent of it, or the kind's);
   * for a dataset's weight, the record's own code; `''` when there is none.
   */
  readonly code: string;
}

/**
 * The shape of a CAMEO code: two to four digits under one of the twenty root categories
 * 01–20. The shape alone admits codes the codebook does not list (`0999`); what a record
 * may carry is `isCameoEventCode` (cameo-goldstein.ts).
 */
export const CAMEO_CODE_PATTERN = /^(?:0[1-9]|1\d|20)\d{0,2}$/;

/**
 * The Goldstein intensity of a record: its CAMEO code's weight when given, else its
 * kind's. Every code the codebook lists has its own weight; the nearest listed parent
 * weighs only a code stored before codes outside the codebook were refused (`0999` →
 * 09), so that history still projects.
 */
export function intensityOf(
  kind: RecordKind,
  code: string | undefined,
  table: IntensityTable = CAMEO_GOLDSTEIN,
): Intensity {
  for (let prefix = code; prefix && prefix.length >= 2; prefix = prefix.slice(0, -1)) {
    const weight = table.weights[prefix];
    if (weight !== undefined) return { value: weight, source: 'cameo', code: prefix };
  }
  const fallback = table.kindDefaults[kind];
  return { value: fallback.weight, source: 'kind-default', code: fallback.code };
}

/**
 * The Goldstein intensity of a record: its dataset row's own weight when it has one
 * (`origin.intensity`: GDELT GoldsteinScale, ICEWS Intensity), used as it is and never
 * re-derived from parley's table; else {@link intensityOf} its kind and code.
 */
export function recordIntensity(
  record: Pick<RecordDraft, 'kind' | 'code' | 'origin'>,
  table: IntensityTable = CAMEO_GOLDSTEIN,
): Intensity {
  const origin = record.origin;
  if (origin?.intensity !== undefined) {
    return { value: origin.intensity, source: origin.dataset, code: record.code ?? '' };
  }
  return intensityOf(record.kind, record.code, table);
}
