import fc from 'fast-check';
import { DateTime } from 'luxon';
import type { ActorDirectory, MembershipSpan } from '../../actors';
import { openDatabase, type SqliteDatabase } from '../../database/open-database';
import { zoneBuckets } from '../domain/zone-buckets';
import type { Bucket, ToneBucket } from '../domain/tone-series';
import type { ToneMode } from '../dyad-scope';
import { ToneReader, type ToneRequest } from './tone-reader';
import { toneProjection, type TonePointRow } from './tone.projection';

/*
 * The tone view's fast path (one pass, buckets cut from cached zone transitions, only the
 * range read) against the straightforward computation it replaced, kept here as the
 * oracle: a luxon DateTime per bucket, every point of the scope filtered in memory, and
 * each bucket's measures computed from its own arrays. Nothing below the ORACLE line
 * imports from the code under test.
 */

const SEED = Number(process.env.PARLEY_FUZZ_SEED ?? 20261206);
const RUNS = Number(process.env.PARLEY_FUZZ_RUNS ?? 60);

const ZONES = [
  'UTC',
  'Europe/Moscow',
  'America/St_Johns',
  'Australia/Lord_Howe',
  'Asia/Kathmandu',
  'America/New_York',
  'Africa/Cairo',
  'America/Santiago',
  'Asia/Beirut',
  'Pacific/Apia',
  'Europe/London',
] as const;
const BUCKET_UNITS: readonly Bucket[] = ['hour', 'day', 'week', 'month', 'quarter', 'year'];
const KINDS = ['statement', 'threat', 'denial'] as const;
const ACTORS = ['a', 'b', 'c', 'd'] as const;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** How long a range may be per bucket, so that a case stays a few hundred buckets. */
const SPAN: Record<Bucket, number> = {
  hour: 12 * DAY,
  day: 400 * DAY,
  week: 5 * 365 * DAY,
  month: 20 * 365 * DAY,
  quarter: 40 * 365 * DAY,
  year: 60 * 365 * DAY,
};
const EPOCH_2000 = Date.UTC(2000, 0, 1);
const EPOCH_2030 = Date.UTC(2030, 0, 1);
const NOW = Date.UTC(2031, 5, 1);

interface Version {
  readonly occurredAtMs: number;
  readonly kind: (typeof KINDS)[number];
  readonly intensity: number;
  readonly tone: number | null;
  /** Recorded-time span of this version. */
  readonly validFromMs: number;
  readonly validToMs: number | null;
}

interface RecordCase {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly versions: readonly Version[];
}

interface Case {
  readonly zone: string;
  readonly bucket: Bucket;
  readonly fromMs: number | undefined;
  readonly toMs: number;
  readonly asOfMs: number | undefined;
  readonly halfLifeHours: number;
  readonly volatilityWindow: number | undefined;
  readonly mode: ToneMode;
  readonly spans: Record<string, MembershipSpan[]>;
  readonly records: readonly RecordCase[];
}

const intensity = fc.integer({ min: -100, max: 100 }).map((tenths) => tenths / 10);
const tone = fc.oneof(
  fc.constant(null),
  fc.integer({ min: -100, max: 100 }).map((tenths) => tenths / 10),
  fc.double({ min: -10, max: 10, noNaN: true }),
);

/** Instants near the range: on local bucket boundaries, on quarter hours, or anywhere. */
function instant(zone: string, bucket: Bucket, lowMs: number, highMs: number) {
  const anywhere = fc.integer({ min: lowMs, max: highMs });
  return fc.oneof(
    anywhere,
    anywhere.map((ms) => Math.floor(ms / (15 * 60_000)) * 15 * 60_000),
    anywhere.map((ms) => DateTime.fromMillis(ms, { zone }).startOf(bucket).toMillis()),
    anywhere.map((ms) => DateTime.fromMillis(ms, { zone }).startOf(bucket).toMillis() - 1),
  );
}

const caseArbitrary: fc.Arbitrary<Case> = fc
  .record({
    zone: fc.constantFrom(...ZONES),
    bucket: fc.constantFrom(...BUCKET_UNITS),
    start: fc.integer({ min: EPOCH_2000, max: EPOCH_2030 }),
    spanFraction: fc.double({ min: 0.001, max: 1, noNaN: true }),
    omitFrom: fc.boolean(),
    halfLifeHours: fc.oneof(fc.integer({ min: 1, max: 48 }), fc.integer({ min: 48, max: 9000 })),
    volatilityWindow: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
    mode: fc.constantFrom<ToneMode>('directed', 'pair', 'rollup'),
    useAsOf: fc.boolean(),
    asOfFraction: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .chain((shape) => {
    const fromMs = shape.start;
    const toMs = Math.min(
      fromMs + Math.max(HOUR, Math.floor(SPAN[shape.bucket] * shape.spanFraction)),
      NOW,
    );
    const lowMs = fromMs - Math.min(SPAN[shape.bucket], 3 * 365 * DAY);
    const highMs = toMs + 30 * DAY;
    const at = instant(shape.zone, shape.bucket, lowMs, highMs);
    const recorded = fc.integer({ min: EPOCH_2000, max: NOW });
    const version = fc.record({
      occurredAtMs: at,
      kind: fc.constantFrom(...KINDS),
      intensity,
      tone,
    });
    const record = fc.record({
      // Mostly the view's own dyad, so that most records count.
      source: fc.constantFrom('a', 'a', 'a', 'b', 'c', 'd'),
      target: fc.constantFrom('b', 'b', 'b', 'a', 'c', 'd'),
      versions: fc.array(version, { minLength: 1, maxLength: 3 }),
      recordedAt: fc.array(recorded, { minLength: 4, maxLength: 4 }),
      retracted: fc.boolean(),
    });
    const span = fc
      .tuple(
        fc.constantFrom('c', 'd'),
        instant(shape.zone, shape.bucket, lowMs, highMs),
        fc.integer({ min: 0, max: 400 * DAY }),
      )
      .map(([actor, from, length]): MembershipSpan => ({
        actor,
        fromMs: from,
        toMs: from + length,
      }));
    return fc
      .record({
        records: fc.array(record, { maxLength: 120 }),
        aSpans: fc.array(span, { maxLength: 2 }),
        bSpans: fc.array(span, { maxLength: 2 }),
      })
      .map(({ records, aSpans, bSpans }): Case => {
        const asOfMs = shape.useAsOf
          ? EPOCH_2000 + Math.floor((NOW - EPOCH_2000) * shape.asOfFraction)
          : undefined;
        return {
          zone: shape.zone,
          bucket: shape.bucket,
          fromMs: shape.omitFrom ? undefined : fromMs,
          toMs,
          asOfMs,
          halfLifeHours: shape.halfLifeHours,
          volatilityWindow: shape.volatilityWindow,
          mode: shape.mode,
          spans: {
            a: [{ actor: 'a', fromMs: -Infinity, toMs: Infinity }, ...aSpans],
            b: [{ actor: 'b', fromMs: -Infinity, toMs: Infinity }, ...bSpans],
          },
          records: records.map((r, index) => {
            const stamps = [...r.recordedAt].sort((x, y) => x - y);
            return {
              id: `r${String(index).padStart(4, '0')}`,
              source: r.source,
              target: r.target,
              versions: r.versions.map((v, i) => ({
                ...v,
                validFromMs: stamps[i] as number,
                validToMs:
                  i < r.versions.length - 1
                    ? (stamps[i + 1] as number)
                    : r.retracted
                      ? (stamps[3] as number) + 1
                      : null,
              })),
            };
          }),
        };
      });
  });

/** The columns of a record without origin: no weights, no same-event key. */
const HAND_CODED = {
  dataset: null,
  origin_id: null,
  mentions: null,
  sources: null,
  articles: null,
  root: null,
  event_key: null,
} as const;

function load(db: SqliteDatabase, records: readonly RecordCase[]): void {
  db.exec(toneProjection.schema({ tone_points: 'tone_points' }));
  const insert = db.prepare<TonePointRow>(`
    INSERT INTO tone_points VALUES (@record_id, @version, @source, @target, @kind, @occurred_at,
      @occurred_at_ms, @code, @intensity, @tone, @valid_from_ms, @valid_to_ms,
      @dataset, @origin_id, @mentions, @sources, @articles, @root, @event_key)`);
  for (const record of records) {
    record.versions.forEach((v, i) =>
      insert.run({
        record_id: record.id,
        version: i + 1,
        source: record.source,
        target: record.target,
        kind: v.kind,
        occurred_at: new Date(v.occurredAtMs).toISOString(),
        occurred_at_ms: v.occurredAtMs,
        code: null,
        intensity: v.intensity,
        tone: v.tone,
        valid_from_ms: v.validFromMs,
        valid_to_ms: v.validToMs,
        ...HAND_CODED,
      }),
    );
  }
}

function directory(spans: Record<string, MembershipSpan[]>): ActorDirectory {
  const stub = {
    exists: (id: string) => (ACTORS as readonly string[]).includes(id),
    members: (id: string) => spans[id] ?? [{ actor: id, fromMs: -Infinity, toMs: Infinity }],
  };
  return stub as unknown as ActorDirectory;
}

function request(c: Case): ToneRequest {
  return {
    source: 'a',
    target: 'b',
    mode: c.mode,
    bucket: c.bucket,
    tz: c.zone,
    ...(c.fromMs === undefined ? {} : { from: new Date(c.fromMs).toISOString() }),
    to: new Date(c.toMs).toISOString(),
    ...(c.asOfMs === undefined ? {} : { asOf: new Date(c.asOfMs).toISOString(), asOfMs: c.asOfMs }),
    halfLife: `PT${c.halfLifeHours}H`,
    ...(c.volatilityWindow === undefined ? {} : { volatilityWindow: c.volatilityWindow }),
  };
}

describe('the tone view against the straightforward computation', () => {
  it('gives the same buckets, counts and measures, number for number', () => {
    fc.assert(
      fc.property(caseArbitrary, (c) => {
        const db = openDatabase(':memory:');
        try {
          load(db, c.records);
          const reader = new ToneReader(db, directory(c.spans), () => new Date(NOW));
          const fast = reader.toneAtOnce(request(c)).series;
          expect(fast).toEqual(oracle(c));
        } finally {
          db.close();
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('cuts the buckets the zone’s clock defines, over any years and zones', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.constantFrom(...BUCKET_UNITS),
        fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (zone, bucket, fromMs, fraction) => {
          const toMs = fromMs + 1 + Math.floor(SPAN[bucket] * fraction);
          const expected = oracleCut(fromMs, toMs, bucket, zone);
          expect(zoneBuckets(fromMs, toMs, bucket, zone, 100_000)).toEqual({
            starts: expected.map((b) => b.start),
            ends: expected.map((b) => b.end),
            startIsos: expected.map((b) => oracleIso(b.start, zone)),
            endIsos: expected.map((b) => oracleIso(b.end, zone)),
          });
        },
      ),
      { seed: SEED, numRuns: RUNS * 2 },
    );
  });
});

// ---- ORACLE: the algorithm as it stood before the fast path, copied, sharing no code. ----

interface OraclePoint {
  readonly id: string;
  readonly occurredAtMs: number;
  readonly kind: (typeof KINDS)[number];
  readonly intensity: number;
  readonly tone?: number;
}

function oracle(c: Case): ToneBucket[] {
  const halfLifeMs = c.halfLifeHours * HOUR;
  const covers = (actor: string, side: 'a' | 'b', atMs: number): boolean =>
    (c.spans[side] ?? []).some((s) => s.actor === actor && s.fromMs <= atMs && atMs < s.toMs);
  const inScope = (r: RecordCase, atMs: number): boolean => {
    switch (c.mode) {
      case 'directed':
        return r.source === 'a' && r.target === 'b';
      case 'pair':
        return (r.source === 'a' && r.target === 'b') || (r.source === 'b' && r.target === 'a');
      case 'rollup':
        return covers(r.source, 'a', atMs) && covers(r.target, 'b', atMs);
    }
  };
  const validAt = (v: Version): boolean =>
    c.asOfMs === undefined
      ? v.validToMs === null
      : v.validFromMs <= c.asOfMs && (v.validToMs === null || v.validToMs > c.asOfMs);
  const everything: OraclePoint[] = c.records
    .flatMap((r) =>
      r.versions
        .filter((v) => validAt(v) && v.occurredAtMs < c.toMs && inScope(r, v.occurredAtMs))
        .map((v) => ({
          id: r.id,
          occurredAtMs: v.occurredAtMs,
          kind: v.kind,
          intensity: v.intensity,
          ...(v.tone === null ? {} : { tone: v.tone }),
        })),
    )
    .sort((x, y) => x.occurredAtMs - y.occurredAtMs || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  const fromMs =
    c.fromMs ??
    everything[0]?.occurredAtMs ??
    DateTime.fromMillis(c.toMs).minus({ years: 1 }).toMillis();
  const window = c.volatilityWindow ?? 3;
  // Every point up to the bucket's end weighs in ewma, however old: no lookback cut.
  return oracleSeries(everything, fromMs, c.toMs, c.bucket, c.zone, halfLifeMs, window);
}

interface OracleBounds {
  readonly start: number;
  readonly end: number;
}

/*
 * The buckets as README's "Time" rules define them, found by scanning the zone's clock
 * (luxon's offset at each instant) in 15-minute steps, with no calendar arithmetic of
 * parley's: a calendar bucket starts at the first instant the clock reads its first day's
 * 00:00 or later; an hour bucket at every instant the clock reads a whole hour and at
 * every change of offset; the bucket holding an instant is the last that starts at or
 * before it. (No zone here changes its offset twice within 15 minutes.)
 */

const STEP = 15 * 60_000;

function oracleOffset(zone: string, ms: number): number {
  return Math.round(DateTime.fromMillis(ms, { zone }).offset * 60_000);
}

/** The first second in (a, b] whose offset differs from a's. */
function oracleChange(zone: string, a: number, b: number): number {
  const before = oracleOffset(zone, a);
  let lo = Math.floor(a / 1000);
  let hi = Math.ceil(b / 1000);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (oracleOffset(zone, mid * 1000) === before) lo = mid;
    else hi = mid;
  }
  return hi * 1000;
}

/** The first instant the clock reads `wall` (a wall time as UTC-epoch ms) or later. */
function oracleFirstReading(zone: string, wall: number): number {
  // Hours before the instant the clock would read `wall` at its offset there: no zone
  // here moved its clock back by more than that.
  let a = Math.floor((wall - oracleOffset(zone, wall) - 6 * HOUR) / STEP) * STEP;
  while (a + oracleOffset(zone, a) >= wall) a -= STEP;
  for (;;) {
    const b = a + STEP;
    const [o1, o2] = [oracleOffset(zone, a), oracleOffset(zone, b)];
    if (b + o2 >= wall || (o1 !== o2 && wall - o1 <= b)) {
      if (o1 === o2) return wall - o1;
      const change = oracleChange(zone, a, b);
      if (wall - o1 < change && wall - o1 > a) return wall - o1;
      if (change + o2 >= wall) return change;
      if (wall - o2 <= b && wall - o2 >= change) return wall - o2;
    }
    a = b;
  }
}

/** Calendar bucket starts whose first days run from `first` (a UTC date) on, until past `untilMs`. */
function oracleCalendarStarts(zone: string, bucket: Bucket, first: DateTime, untilMs: number) {
  const starts: number[] = [];
  for (let day = first; ; day = day.plus({ [`${bucket}s`]: 1 })) {
    const start = oracleFirstReading(zone, day.toMillis());
    if (starts[starts.length - 1] !== start) starts.push(start);
    if (start > untilMs) return starts;
  }
}

function oracleHourStarts(zone: string, fromMs: number, untilMs: number): number[] {
  const starts = new Set<number>();
  const readings = (a: number, b: number, offset: number): void => {
    for (let t = Math.ceil((a + offset) / HOUR) * HOUR - offset; t <= b; t += HOUR)
      if (t >= a) starts.add(t);
  };
  for (let a = Math.floor(fromMs / STEP) * STEP; a <= untilMs; a += STEP) {
    const b = a + STEP;
    const [o1, o2] = [oracleOffset(zone, a), oracleOffset(zone, b)];
    if (o1 === o2) readings(a, b - 1, o1);
    else {
      const change = oracleChange(zone, a, b);
      readings(a, change - 1, o1);
      starts.add(change);
      readings(change, b - 1, o2);
    }
  }
  return [...starts].sort((x, y) => x - y);
}

/** Every bucket start from well before `fromMs` to the first at or after `toMs`. */
function oracleStarts(fromMs: number, toMs: number, bucket: Bucket, zone: string): number[] {
  if (bucket === 'hour') return oracleHourStarts(zone, fromMs - 8 * HOUR, toMs + 2 * HOUR);
  const unit = bucket === 'week' ? 'week' : bucket;
  const local = DateTime.fromMillis(fromMs, { zone: 'UTC' }).plus({
    milliseconds: oracleOffset(zone, fromMs),
  });
  const first = local.startOf(unit).minus({ [`${bucket}s`]: 7 });
  return oracleCalendarStarts(zone, bucket, first, toMs);
}

function oracleCut(fromMs: number, toMs: number, bucket: Bucket, zone: string): OracleBounds[] {
  const starts = oracleStarts(fromMs, toMs, bucket, zone);
  const bounds: OracleBounds[] = [];
  for (let i = 0; i + 1 < starts.length; i++) {
    const [start, end] = [starts[i] as number, starts[i + 1] as number];
    if (end > fromMs && start < toMs) bounds.push({ start, end });
  }
  return bounds;
}

/** The starts of the `count` buckets before the one that starts at `startMs`. */
function oracleBefore(startMs: number, bucket: Bucket, zone: string, count: number): number[] {
  const starts = oracleStarts(startMs, startMs + 1, bucket, zone);
  const at = starts.indexOf(startMs);
  return starts.slice(Math.max(0, at - count), at);
}

function oracleIso(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true }) ?? '';
}

function oracleSeries(
  points: readonly OraclePoint[],
  fromMs: number,
  toMs: number,
  bucket: Bucket,
  zone: string,
  halfLifeMs: number,
  windowSize: number,
): ToneBucket[] {
  const sorted = [...points]
    .filter((p) => p.occurredAtMs < toMs)
    .sort((a, b) => a.occurredAtMs - b.occurredAtMs);
  const intensityEwma = new OracleWeightedMean(halfLifeMs);
  const toneEwma = new OracleWeightedMean(halfLifeMs);
  const buckets = oracleCut(fromMs, toMs, bucket, zone);
  const first = buckets[0]?.start;
  const before = first === undefined ? [] : oracleBefore(first, bucket, zone, windowSize - 1);
  const starts = [...before, ...buckets.map((b) => b.start)];
  let next = 0;
  let windowFirst = 0;
  return buckets.map(({ start, end }, index) => {
    const startMs = Math.max(start, fromMs);
    const endMs = Math.min(end, toMs);
    const inBucket: OraclePoint[] = [];
    for (; next < sorted.length && (sorted[next]?.occurredAtMs ?? Infinity) < endMs; next++) {
      const point = sorted[next] as OraclePoint;
      intensityEwma.add(point.occurredAtMs, point.intensity);
      if (point.tone !== undefined) toneEwma.add(point.occurredAtMs, point.tone);
      if (point.occurredAtMs >= startMs) inBucket.push(point);
    }
    const windowStartMs = starts[index] ?? startMs;
    while ((sorted[windowFirst]?.occurredAtMs ?? Infinity) < windowStartMs) windowFirst++;
    const inWindow = sorted.slice(windowFirst, next);
    const counts = { statement: 0, threat: 0, denial: 0, action: 0, total: 0 };
    for (const p of inBucket) {
      counts[p.kind] += 1;
      counts.total += 1;
    }
    return {
      start: oracleIso(start, zone),
      end: oracleIso(end, zone),
      counts,
      intensity: oracleStats(
        inBucket.map((p) => p.intensity),
        intensityEwma.value(),
        inWindow.map((p) => p.intensity),
      ),
      tone: oracleStats(
        inBucket.flatMap((p) => (p.tone === undefined ? [] : [p.tone])),
        toneEwma.value(),
        inWindow.flatMap((p) => (p.tone === undefined ? [] : [p.tone])),
      ),
    };
  });
}

function oracleStats(values: number[], ewma: number | null, windowValues: number[]) {
  let volatility: number | null = null;
  if (windowValues.length >= 2) {
    const mean = windowValues.reduce((a, b) => a + b, 0) / windowValues.length;
    const squares = windowValues.reduce((a, b) => a + (b - mean) ** 2, 0);
    volatility = oracleRound(Math.sqrt(squares / (windowValues.length - 1)));
  }
  if (values.length === 0)
    return { mean: null, min: null, max: null, sum: 0, n: 0, ewma, volatility };
  const sum = values.reduce((a, b) => a + b, 0);
  return {
    mean: oracleRound(sum / values.length),
    min: Math.min(...values),
    max: Math.max(...values),
    sum: oracleRound(sum),
    n: values.length,
    ewma,
    volatility,
  };
}

function oracleRound(value: number): number {
  return Math.round(value * 1000) / 1000 || 0;
}

class OracleWeightedMean {
  private mean: number | null = null;
  private weight = 0;
  private lastMs = 0;

  constructor(private readonly halfLifeMs: number) {}

  add(atMs: number, value: number): void {
    if (this.mean === null) {
      this.mean = value;
      this.weight = 1;
    } else {
      this.weight *= 0.5 ** ((atMs - this.lastMs) / this.halfLifeMs);
      this.mean = (this.mean * this.weight + value) / (this.weight + 1);
      this.weight += 1;
    }
    this.lastMs = atMs;
  }

  value(): number | null {
    return this.mean === null ? null : oracleRound(this.mean);
  }
}
