import type { RecordDraft, RecordOrigin, ThreatInstrument } from '../../records/domain/record';
import type { QuadClass } from './cameo';
import type { ResolvedActor } from './dataset-actors';
import type { DatasetActor, RowOutcome } from './dataset-row';
import { datasetRecordId } from './record-id';
import { skipRow } from './row-fields';

/** What every format's mapping reads off a row, in parley's words. */
export interface MappedRow {
  readonly rowId: string;
  readonly kind: RecordDraft['kind'];
  readonly instrument?: ThreatInstrument;
  readonly source: ResolvedActor;
  readonly target: ResolvedActor;
  readonly occurredAt: string;
  readonly citation: RecordDraft['citation'];
  readonly code?: string;
  readonly tone?: number;
  readonly origin: RecordOrigin;
}

/**
 * The record a mapped row makes, and the actors it needs (each once, states first so a
 * parent is registered before what belongs to it). A dataset row carries no quote, and
 * a denial from a dataset names nothing it denies: the record has neither.
 */
export function datasetOutcome(row: MappedRow): Extract<RowOutcome, { status: 'record' }> {
  if (row.source.id === row.target.id) skipRow('same-actor');
  const draft: RecordDraft = withoutUndefined({
    id: datasetRecordId(row.origin.dataset, row.rowId),
    kind: row.kind,
    source: row.source.id,
    target: row.target.id,
    occurredAt: row.occurredAt,
    precision: 'day' as const,
    citation: withoutUndefined(row.citation),
    topics: [],
    code: row.code,
    tone: row.tone,
    threat: row.instrument === undefined ? undefined : { instrument: row.instrument },
    origin: withoutUndefined(row.origin),
  });
  return { status: 'record', draft, actors: distinctActors([row.source, row.target]) };
}

function distinctActors(resolved: readonly ResolvedActor[]): DatasetActor[] {
  const all = resolved.flatMap((r) => r.actors);
  const states = all.filter((a) => a.affiliation === undefined);
  const below = all.filter((a) => a.affiliation !== undefined);
  const seen = new Set<string>();
  return [...states, ...below].filter((a) => {
    if (seen.has(a.profile.id)) return false;
    seen.add(a.profile.id);
    return true;
  });
}

/** GDELT's AvgTone runs -100 … +100 in principle; parley's tone is -10 … +10. */
export function clampTone(tone: number | undefined): number | undefined {
  return tone === undefined ? undefined : Math.min(10, Math.max(-10, tone));
}

export function isQuadClass(value: number | undefined): value is QuadClass {
  return value === 1 || value === 2 || value === 3 || value === 4;
}

/**
 * The same object without its undefined members, so two imports of one row give the
 * same JSON and an absent field is absent, not `undefined`.
 */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** A source URL parsed, or undefined when it is no http(s) URL (GDELT names its outlet by the host alone). */
export function httpUrl(value: string): URL | undefined {
  if (!/^https?:\/\//i.test(value)) return undefined;
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
