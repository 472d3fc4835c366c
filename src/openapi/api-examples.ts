import { DateTime } from 'luxon';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ActorProfile, Affiliation } from '../actors/domain/actor';
import type { ActorView } from '../actors/get-actors/actor-directory';
import {
  DEFAULT_MIN_SEGMENT,
  ShiftsReader,
  type ShiftsView,
} from '../analytics/get-shifts/shifts-reader';
import { SAMPLE_DATA_DIR } from '../config/paths';
import { positionOf } from '../event-store/position';
import { toInstant } from '../http/validators';
import { dyadStream, RECORD_CREATED_TYPES } from '../records/domain/dyad';
import { recordIntensity } from '../records/domain/intensity';
import { toneSourceOf } from '../records/domain/tone-source';
import { applyChanges, type RecordChanges, type RecordDraft } from '../records/domain/record';
import {
  DEFAULT_VOLATILITY_WINDOW,
  toneSeries,
  type TonePoint,
} from '../records/domain/tone-series';
import type { RecordDetail, RecordHistoryEntry } from '../records/get-records/record-reader';
import { parseHalfLife, type ToneReader, type ToneView } from '../records/get-tone/tone-reader';

/** The relationship every example is about: the README's worked example. */
const SOURCE = 'donald-trump';
const TARGET = 'vladimir-putin';

/** The tone query of the README's worked example. */
export const TONE_EXAMPLE_QUERY = {
  from: '2025-01-01',
  to: '2025-07-01',
  bucket: 'month',
  tz: 'America/New_York',
} as const;

/** The shifts query of the example: the tone example's range and zone, every other parameter its default. */
export const SHIFTS_EXAMPLE_QUERY = {
  from: TONE_EXAMPLE_QUERY.from,
  to: TONE_EXAMPLE_QUERY.to,
  tz: TONE_EXAMPLE_QUERY.tz,
} as const;

const HALF_LIFE = 'P30D';

/**
 * Request and response examples for the OpenAPI document, drawn from the sample dataset
 * (data/sample/) when the service starts, so they follow the sample rather than go stale
 * beside it. What only a running store can know (recorded times, positions) is
 * illustrative; the tone view is computed from the sample's records by the same domain
 * functions the tone projection uses, and equals what a store holding the sample answers.
 */
export interface ApiExamples {
  /** `POST /actors`: Donald Trump, as the sample registers him. */
  readonly actor: ActorProfile;
  /** `POST /actors/{id}/affiliations`: his second term as president. */
  readonly affiliation: Omit<Affiliation, 'actor'>;
  /** `GET /actors/{id}`. */
  readonly actorView: ActorView;
  /** `POST /records`: the latest Trump → Putin record of the sample. */
  readonly record: RecordDraft;
  /** `POST /records/{id}/corrections`: a re-reading of its tone. */
  readonly correction: { readonly changes: RecordChanges; readonly reason: string };
  /** `GET /records/{id}`: the record after that correction, with its history. */
  readonly recordView: RecordDetail;
  /** `GET /dyads/donald-trump/vladimir-putin/tone` with {@link TONE_EXAMPLE_QUERY}. */
  readonly tone: ToneView;
  /** `GET /dyads/donald-trump/vladimir-putin/shifts` with {@link SHIFTS_EXAMPLE_QUERY}. */
  readonly shifts: ShiftsView;
}

export function loadApiExamples(dir = SAMPLE_DATA_DIR): ApiExamples {
  const actors = ndjson<ActorProfile>(join(dir, 'actors.ndjson'));
  const affiliations = ndjson<Affiliation>(join(dir, 'affiliations.ndjson'));
  const records = ndjson<RecordDraft>(join(dir, 'records.ndjson'));
  const actor = find(actors, (a) => a.id === SOURCE, `actor ${SOURCE}`);
  const own = affiliations.filter((a) => a.actor === SOURCE);
  const current = find(own, (a) => a.to === undefined, `a current affiliation of ${SOURCE}`);
  const dyad = records
    .filter((r) => r.source === SOURCE && r.target === TARGET)
    .sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
  const record = find(dyad.slice(-1), () => true, `a ${SOURCE} → ${TARGET} record`);
  const { actor: _actor, ...affiliation } = current;
  const correction = {
    changes: { tone: Math.max(-10, (record.tone ?? 0) - 1) },
    reason: 'Re-read in the full transcript: harsher than first coded',
  };
  return {
    actor,
    affiliation,
    actorView: {
      ...actor,
      affiliations: own.map((a) => ({
        ...a,
        from: toInstant(a.from),
        ...(a.to === undefined ? {} : { to: toInstant(a.to) }),
      })),
      registeredAt: '2025-06-01T09:00:00.000Z',
    },
    record,
    correction,
    recordView: recordView(record, correction),
    tone: toneView(records),
    shifts: shiftsView(records),
  };
}

function recordView(
  record: RecordDraft,
  correction: ApiExamples['correction'],
): ApiExamples['recordView'] {
  const corrected = applyChanges(record, correction.changes);
  const intensity = recordIntensity(corrected);
  const toneSource = toneSourceOf(corrected);
  const recordedAt = '2025-06-01T09:00:00.000Z';
  const correctedAt = '2025-06-02T15:30:00.000Z';
  const history: RecordHistoryEntry[] = [
    {
      version: 1,
      type: RECORD_CREATED_TYPES[record.kind],
      recordedAt,
      revision: 0,
      position: positionOf(41n),
    },
    {
      version: 2,
      type: 'RecordCorrected',
      recordedAt: correctedAt,
      revision: 1,
      position: positionOf(57n),
      reason: correction.reason,
      changes: correction.changes,
    },
  ];
  return {
    ...corrected,
    stream: dyadStream(record.source, record.target),
    status: 'active',
    version: 2,
    intensity: intensity.value,
    intensitySource: intensity.source,
    intensityCode: intensity.code,
    ...(toneSource === undefined ? {} : { toneSource }),
    ...(record.kind === 'threat' ? { threatStatus: 'open' as const } : {}),
    recordedAt,
    updatedAt: correctedAt,
    position: positionOf(57n),
    history,
  };
}

/** The directed Trump → Putin view by month in New York time, as the tone reader cuts it. */
function toneView(records: readonly RecordDraft[]): ToneView {
  const { from, to, bucket, tz } = TONE_EXAMPLE_QUERY;
  const fromMs = Date.parse(toInstant(from, tz));
  const toMs = Date.parse(toInstant(to, tz));
  const halfLifeMs = parseHalfLife(HALF_LIFE);
  const points: TonePoint[] = records
    .filter((r) => r.source === SOURCE && r.target === TARGET)
    .map((r) => ({
      occurredAtMs: Date.parse(r.occurredAt),
      kind: r.kind,
      intensity: recordIntensity(r).value,
      ...(r.tone === undefined ? {} : { tone: r.tone }),
    }));
  const zoneTime = (ms: number): string =>
    DateTime.fromMillis(ms, { zone: tz }).toISO({ suppressMilliseconds: true }) ?? '';
  return {
    source: SOURCE,
    target: TARGET,
    mode: 'directed',
    bucket,
    tz,
    from: zoneTime(fromMs),
    to: zoneTime(toMs),
    asOf: null,
    halfLife: HALF_LIFE,
    volatilityWindow: DEFAULT_VOLATILITY_WINDOW,
    weight: 'none',
    rootOnly: false,
    count: 'reports',
    series: toneSeries(points, {
      fromMs,
      toMs,
      bucket,
      zone: tz,
      halfLifeMs,
      volatilityWindow: DEFAULT_VOLATILITY_WINDOW,
    }),
  };
}

/**
 * The directed Trump → Putin tone shifts, found by the shifts reader itself over the
 * sample's records: it asks its tone reader only for the dyad's points, which the sample
 * gives here as the tone projection would (in occurrence order, then by id).
 */
function shiftsView(records: readonly RecordDraft[]): ShiftsView {
  const { from, to, tz } = SHIFTS_EXAMPLE_QUERY;
  const points = records
    .filter((r) => r.source === SOURCE && r.target === TARGET)
    .map((r) => ({
      recordId: r.id,
      occurredAtMs: Date.parse(r.occurredAt),
      kind: r.kind,
      intensity: recordIntensity(r).value,
      ...(r.tone === undefined ? {} : { tone: r.tone }),
    }))
    .sort((a, b) => a.occurredAtMs - b.occurredAtMs || (a.recordId < b.recordId ? -1 : 1));
  const sample: Pick<ToneReader, 'points' | 'requireActors'> = {
    points: (_dyad, fromMs, toMs) =>
      points.filter((p) => p.occurredAtMs >= fromMs && p.occurredAtMs < toMs),
    requireActors: () => undefined,
  };
  return new ShiftsReader(sample as ToneReader).shifts({
    source: SOURCE,
    target: TARGET,
    mode: 'directed',
    measure: 'tone',
    penalty: 'bic',
    minSegment: DEFAULT_MIN_SEGMENT,
    tz,
    from: toInstant(from, tz),
    to: toInstant(to, tz),
  });
}

function find<T>(items: readonly T[], test: (item: T) => boolean, what: string): T {
  const found = items.find(test);
  if (found === undefined) throw new Error(`The sample in ${SAMPLE_DATA_DIR} has no ${what}`);
  return found;
}

function ndjson<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}
