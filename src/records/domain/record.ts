export const RECORD_KINDS = ['statement', 'threat', 'denial'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

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
  readonly quote: string;
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

export interface RecordDraft extends RecordFields {
  readonly id: string;
  readonly kind: RecordKind;
  readonly source: string;
  readonly target: string;
}

/**
 * A correction: the fields to change. `null` removes an optional field; a nested
 * object (citation, threat, denial) is merged one level deep, so `{ threat: { deadline:
 * null } }` removes only the deadline.
 */
export type RecordChanges = {
  readonly [K in keyof RecordFields]?: NestedChanges<RecordFields[K]> | null;
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

/** The kind-specific rules a record must keep after any change; returns the broken one. */
export function kindRuleBroken(
  record: RecordDraft,
): { field: string; message: string } | undefined {
  if (record.kind === 'threat' && !record.threat?.instrument) {
    return { field: 'threat.instrument', message: 'a threat names its instrument' };
  }
  if (record.kind !== 'threat' && record.threat) {
    return { field: 'threat', message: `a ${record.kind} carries no threat terms` };
  }
  if (record.kind === 'denial' && !record.denial?.recordId && !record.denial?.claim) {
    return { field: 'denial', message: 'a denial names the record id or the claim it denies' };
  }
  if (record.kind !== 'denial' && record.denial) {
    return { field: 'denial', message: `a ${record.kind} denies nothing` };
  }
  return undefined;
}
