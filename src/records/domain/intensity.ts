import { CAMEO_GOLDSTEIN, type IntensityTable } from './cameo-goldstein';
import type { RecordKind } from './record';

export type IntensitySource = 'cameo' | 'kind-default';

export interface Intensity {
  readonly value: number;
  readonly source: IntensitySource;
  /** The CAMEO code whose weight was used (the record's, a parent of it, or the kind's). */
  readonly code: string;
}

/** CAMEO codes are two to four digits under one of the twenty root categories 01–20. */
export const CAMEO_CODE_PATTERN = /^(?:0[1-9]|1\d|20)\d{0,2}$/;

/** The Goldstein intensity of a record: from its CAMEO code when given, else its kind's. */
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
