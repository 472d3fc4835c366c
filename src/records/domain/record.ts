/**
 * `action`: a material act (GDELT QuadClass 2 and 4, PLOVER's material types), not
 * something said; machine-coded datasets are mostly made of them.
 */
export const RECORD_KINDS = ['statement', 'threat', 'denial', 'action'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** The machine-coded event datasets parley imports. */
export const DATASETS = ['gdelt2', 'gdelt1', 'icews', 'polecat'] as const;
export type Dataset = (typeof DATASETS)[number];

/** Where a dataset located an event; GDELT's codes are FIPS 10-4, not ISO. */
export interface OriginGeo {
  /** The coding system of `country` and `adm1`: GDELT uses FIPS 10-4, ICEWS and POLECAT names. */
  readonly system: 'FIPS10-4' | 'name';
  readonly name?: string;
  readonly country?: string;
  readonly adm1?: string;
  readonly lat?: number;
  readonly lon?: number;
}

/**
 * A record taken from a machine-coded dataset: which dataset and row it came from and
 * what the row said beyond the record's own fields. Set by the importers, never corrected.
 */
export interface RecordOrigin {
  readonly dataset: Dataset;
  /** The row's id in the dataset (GDELT GLOBALEVENTID, ICEWS Event ID, POLECAT Event ID). */
  readonly id: string;
  /** The source article, when the dataset names one. */
  readonly url?: string;
  /** When the dataset added the row (GDELT DATEADDED), ISO 8601 UTC. */
  readonly addedAt?: string;
  readonly mentions?: number;
  readonly sources?: number;
  readonly articles?: number;
  /** GDELT IsRootEvent: coded from an article's lead paragraphs. */
  readonly root?: boolean;
  /** GDELT QuadClass: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict. */
  readonly quadClass?: 1 | 2 | 3 | 4;
  readonly geo?: OriginGeo;
  /**
   * The row's own weight of the event (GDELT GoldsteinScale, ICEWS Intensity): the
   * record's intensity, never re-derived from parley's table.
   */
  readonly intensity?: number;
}

/** How precisely `occurredAt` is known: the instant, the day or only the month. */
export const PRECISIONS = ['instant', 'day', 'month'] as const;
export type Precision = (typeof PRECISIONS)[number];

export const THREAT_INSTRUMENTS = [
  'tariff',
  'sanction',
  'military',
  'diplomatic',
  'economic',
  'other',
] as const;
export type ThreatInstrument = (typeof THREAT_INSTRUMENTS)[number];

export const THREAT_OUTCOMES = ['carried-out', 'withdrawn', 'lapsed'] as const;
export type ThreatOutcome = (typeof THREAT_OUTCOMES)[number];

export interface Citation {
  readonly outlet: string;
  readonly title: string;
  readonly url?: string;
  readonly publishedAt?: string;
}

export interface ThreatTerms {
  readonly instrument: ThreatInstrument;
  readonly magnitude?: string;
  readonly condition?: string;
  readonly deadline?: string;
}

/** What a denial denies: another record, or a claim in words (or both). */
export interface DenialTarget {
  readonly recordId?: string;
  readonly claim?: string;
}

/** The fields a correction may change: everything but the id, the kind and the actors. */
export interface RecordFields {
  readonly occurredAt: string;
  readonly precision: Precision;
  /**
   * The words, verbatim. Every hand-coded record has one; a record taken from a dataset
   * (`origin`) may have none, since the datasets code events, not quotes (see
   * `kindRuleBroken`).
   */
  readonly quote?: string;
  readonly citation: Citation;
  readonly topics: readonly string[];
  /** CAMEO event code, e.g. "1312" (threaten sanctions). */
  readonly code?: string;
  /** The recorder's reading of how it was said, hostile -10 … +10 cordial. */
  readonly tone?: number;
  readonly confidence?: number;
  readonly note?: string;
  readonly threat?: ThreatTerms;
  readonly denial?: DenialTarget;
  /** Set on records imported from a dataset (they carry no quote). */
  readonly origin?: RecordOrigin;
}

export const CORRECTABLE_FIELDS = [
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
] as const satisfies readonly (keyof RecordFields)[];
export type CorrectableField = (typeof CORRECTABLE_FIELDS)[number];

export interface RecordDraft extends RecordFields {
  readonly id: string;
  readonly kind: RecordKind;
  readonly source: string;
  readonly target: string;
}

/**
 * A correction: the fields to change. `null` removes an optional field; a nested
 * object (citation, threat, denial) is merged one level deep, so `{ threat: { deadline:
 * null } }` removes only the deadline. `origin` is not among them: it says which row of
 * which dataset the record was taken from, a fact of the import, not a reading to correct.
 */
export type RecordChanges = {
  readonly [K in CorrectableField]?: NestedChanges<RecordFields[K]> | null;
};
type NestedChanges<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { readonly [K in keyof T]?: T[K] | null }
    : T;

const NESTED: ReadonlySet<string> = new Set(['citation', 'threat', 'denial']);

/** The record's fields after a correction. */
export function applyChanges(record: RecordDraft, changes: RecordChanges): RecordDraft {
  const next: Record<string, unknown> = { ...record };
  for (const [field, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    if (value === null) {
      delete next[field];
    } else if (NESTED.has(field) && typeof value === 'object' && !Array.isArray(value)) {
      next[field] = mergeOneLevel(next[field], value as Record<string, unknown>);
    } else {
      next[field] = value;
    }
  }
  return next as unknown as RecordDraft;
}

function mergeOneLevel(base: unknown, changes: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...(base as Record<string, unknown> | undefined) };
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) delete merged[key];
    else if (value !== undefined) merged[key] = value;
  }
  return merged;
}

/**
 * The rules a record must keep after any change, most of them its kind's; returns the
 * broken one. Only a record taken from a dataset (`origin`) may lack a quote.
 * A denial taken from a dataset (`origin`) need not name what it denies: the datasets
 * code "deny responsibility" (CAMEO 016) without saying for what. A threat, from a
 * dataset or not, still names its instrument.
 */
export function kindRuleBroken(
  record: RecordDraft,
): { field: string; message: string } | undefined {
  if (record.origin === undefined && record.quote === undefined) {
    return { field: 'quote', message: 'a record not taken from a dataset carries its quote' };
  }
  if (record.kind === 'threat' && !record.threat?.instrument) {
    return { field: 'threat.instrument', message: 'a threat names its instrument' };
  }
  if (record.kind !== 'threat' && record.threat) {
    return { field: 'threat', message: `a ${record.kind} carries no threat terms` };
  }
  if (
    record.kind === 'denial' &&
    record.origin === undefined &&
    !record.denial?.recordId &&
    !record.denial?.claim
  ) {
    return { field: 'denial', message: 'a denial names the record id or the claim it denies' };
  }
  if (record.kind !== 'denial' && record.denial) {
    return { field: 'denial', message: `a ${record.kind} denies nothing` };
  }
  return undefined;
}
