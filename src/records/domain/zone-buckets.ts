import { DateTime, Info, type Zone } from 'luxon';

/**
 * Calendar buckets of an IANA zone, by the zone's own clock.
 *
 * - A **calendar bucket** (day, ISO week from Monday, month, quarter, year) starts at the
 *   first instant the zone's clock reads 00:00 of its first day *or later*: where that
 *   midnight happens twice (America/St_Johns until 2011 turned its clocks back at 00:01)
 *   it is the first one, and where the clock skips it (America/Sao_Paulo's spring-forward
 *   at 00:00) it is the first instant after the gap, 01:00. A day the clock skips
 *   entirely (Pacific/Apia's 2011-12-30) has no bucket.
 * - An **hour bucket** starts at every instant the clock reads a whole hour, and at
 *   every change of the zone's offset, so no bucket is longer than an hour: a one-hour
 *   fall-back gives two buckets that both start at 01:00, and Australia/Lord_Howe's
 *   30-minute changes give a 30-minute bucket at the change, after which buckets start
 *   on the hour again.
 * - The bucket that holds an instant is the last one that starts at or before it (under
 *   a clock that went back, an instant may read an earlier date than its bucket's).
 *
 * A bare date (`from=2025-01-01`) means the instant its day bucket starts, by the same
 * rule ({@link localMidnight}), so parsing and stepping never disagree.
 *
 * luxon answers a zone's offset at an instant through `Intl`, which costs microseconds a
 * call. Offsets only change at the zone's transitions, so each zone's transitions are
 * found once (sampled every 12 hours over 128-day chunks, each change pinned to the
 * second by bisection, chunks cached for the process's life) and every later offset is a
 * lookup.
 */

/** What this module cuts: the tone view's buckets. */
export type CalendarUnit = 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year';

export interface ZoneBuckets {
  /** Bucket starts and ends (epoch ms); `ends[i] === starts[i + 1]`. */
  readonly starts: number[];
  readonly ends: number[];
  /** The same instants as ISO 8601 with the zone's offset, as luxon's `toISO({ suppressMilliseconds: true })` writes them. */
  readonly startIsos: string[];
  readonly endIsos: string[];
}

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const SAMPLE_STEP = 12 * HOUR;
const CHUNK = 128 * DAY;
/** No zone's offset is a day and a half from UTC: a local time's instants lie within this of it. */
const OFFSET_REACH = 36 * HOUR;
/** Years written with four digits: beyond them luxon writes the ISO string. */
const MIN_FAST_MS = Date.UTC(1000, 0, 1);
const MAX_FAST_MS = Date.UTC(9999, 0, 1);

interface Chunk {
  readonly initial: number;
  /** Instants (whole seconds, ms) from which the offset is `offsets[i]`. */
  readonly at: number[];
  readonly offsets: number[];
}

/** A zone's offsets (ms east of UTC) and their changes, answered from cached transitions. */
class OffsetTable {
  private readonly chunks = new Map<number, Chunk>();

  constructor(readonly zone: Zone) {}

  /** The offset in force at `ts`, in ms (luxon reads the offset of the second `ts` falls in). */
  offset(ts: number): number {
    if (this.zone.isUniversal) return this.minutes(ts) * MINUTE;
    const chunk = this.chunk(Math.floor(ts / CHUNK));
    const second = Math.floor(ts / 1000) * 1000;
    let offset = chunk.initial;
    for (let i = 0; i < chunk.at.length && (chunk.at[i] as number) <= second; i++) {
      offset = chunk.offsets[i] as number;
    }
    return offset;
  }

  /** The first instant in (after, until] at which the offset changes, if any. */
  firstChange(after: number, until: number): number | undefined {
    if (this.zone.isUniversal) return undefined;
    for (let key = Math.floor(after / CHUNK); key <= Math.floor(until / CHUNK); key++) {
      for (const at of this.chunk(key).at) if (at > after && at <= until) return at;
    }
    return undefined;
  }

  /** The last instant in (after, until] at which the offset changes, if any. */
  lastChange(after: number, until: number): number | undefined {
    if (this.zone.isUniversal) return undefined;
    for (let key = Math.floor(until / CHUNK); key >= Math.floor(after / CHUNK); key--) {
      const { at } = this.chunk(key);
      for (let i = at.length - 1; i >= 0; i--) {
        const change = at[i] as number;
        if (change > after && change <= until) return change;
      }
    }
    return undefined;
  }

  private minutes(ts: number): number {
    return this.zone.offset(ts);
  }

  private chunk(key: number): Chunk {
    let chunk = this.chunks.get(key);
    if (!chunk) {
      chunk = this.scan(key * CHUNK);
      this.chunks.set(key, chunk);
    }
    return chunk;
  }

  private scan(startMs: number): Chunk {
    // Whole ms: luxon's offsets before 1970 may be fractions of a minute (local mean time).
    const zoneOffset = (ms: number): number => Math.round(this.minutes(ms) * MINUTE);
    const initial = zoneOffset(startMs);
    const at: number[] = [];
    const offsets: number[] = [];
    // A change exactly at the chunk's start belongs to this chunk.
    if (zoneOffset(startMs - 1000) !== initial) {
      at.push(startMs);
      offsets.push(initial);
    }
    let previousMs = startMs;
    let previous = initial;
    for (
      let sampleMs = startMs + SAMPLE_STEP;
      sampleMs <= startMs + CHUNK;
      sampleMs += SAMPLE_STEP
    ) {
      const sampled = zoneOffset(sampleMs);
      let fromMs = previousMs;
      let from = previous;
      while (sampled !== from) {
        // The first second in (fromMs, sampleMs] whose offset differs from `from`.
        let lo = fromMs / 1000;
        let hi = sampleMs / 1000;
        while (hi - lo > 1) {
          const mid = Math.floor((lo + hi) / 2);
          if (zoneOffset(mid * 1000) === from) lo = mid;
          else hi = mid;
        }
        const changeMs = hi * 1000;
        const next = zoneOffset(changeMs);
        if (changeMs < startMs + CHUNK) {
          at.push(changeMs);
          offsets.push(next);
        }
        fromMs = changeMs;
        from = next;
      }
      previousMs = sampleMs;
      previous = sampled;
    }
    return { initial, at, offsets };
  }
}

const tables = new Map<string, OffsetTable | null>();

function offsetTable(zoneName: string): OffsetTable | null {
  let table = tables.get(zoneName);
  if (table === undefined) {
    const zone = Info.normalizeZone(zoneName);
    table = zone.isValid ? new OffsetTable(zone) : null;
    if (tables.size > 1000) tables.clear();
    tables.set(zoneName, table);
  }
  return table;
}

/** A civil date as UTC-epoch ms of its midnight: calendar arithmetic on plain numbers. */
function civilDate(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day);
}

/**
 * The first instant the clock reads `localMs` (a wall time written as if it were UTC)
 * or later: the first of two, or the end of the gap that skips it.
 */
function firstReading(table: OffsetTable, localMs: number): number {
  let segmentStart = localMs - OFFSET_REACH;
  let offset = table.offset(segmentStart);
  const last = localMs + OFFSET_REACH;
  for (;;) {
    const change = table.firstChange(segmentStart, last);
    const segmentEnd = change ?? Infinity;
    const candidate = localMs - offset;
    if (candidate >= segmentStart && candidate < segmentEnd) return candidate;
    if (change === undefined) return candidate;
    const next = table.offset(change);
    // The clock jumps over the wall time at this change: the first instant after the gap.
    if (change + offset <= localMs && localMs < change + next) return change;
    segmentStart = change;
    offset = next;
  }
}

/** The unit's first day that holds the civil date (UTC-epoch ms of its midnight). */
function unitFirstDay(unit: Exclude<CalendarUnit, 'hour'>, dateMs: number): number {
  const date = new Date(dateMs);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + 1;
  switch (unit) {
    case 'day':
      return dateMs;
    case 'week':
      return dateMs - ((date.getUTCDay() + 6) % 7) * DAY;
    case 'month':
      return civilDate(year, month, 1);
    case 'quarter':
      return civilDate(year, Math.floor((month - 1) / 3) * 3 + 1, 1);
    case 'year':
      return civilDate(year, 1, 1);
  }
}

function nextFirstDay(unit: Exclude<CalendarUnit, 'hour'>, firstDayMs: number): number {
  const date = new Date(firstDayMs);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + 1;
  switch (unit) {
    case 'day':
      return firstDayMs + DAY;
    case 'week':
      return firstDayMs + 7 * DAY;
    case 'month':
      return civilDate(year, month + 1, 1);
    case 'quarter':
      return civilDate(year, month + 3, 1);
    case 'year':
      return civilDate(year + 1, 1, 1);
  }
}

/** A zone's buckets of one unit: where each starts, the next one, the one before. */
class Cutter {
  constructor(
    private readonly table: OffsetTable,
    private readonly unit: CalendarUnit,
  ) {}

  /** The start of the bucket that holds `ts`: the last start at or before it. */
  startOf(ts: number): number {
    if (this.unit === 'hour') {
      const offset = this.table.offset(ts);
      const onTheHour = Math.floor((ts + offset) / HOUR) * HOUR - offset;
      return this.table.lastChange(onTheHour, ts) ?? onTheHour;
    }
    const unit = this.unit;
    const offset = this.table.offset(ts);
    let firstDay = unitFirstDay(unit, Math.floor((ts + offset) / DAY) * DAY);
    let start = firstReading(this.table, firstDay);
    // Under a clock set back, `ts` may read a date before its bucket's first day.
    for (;;) {
      const nextDay = nextFirstDay(unit, firstDay);
      const next = firstReading(this.table, nextDay);
      if (next > ts) break;
      firstDay = nextDay;
      start = next;
    }
    while (start > ts) {
      firstDay = unitFirstDay(unit, firstDay - DAY);
      start = firstReading(this.table, firstDay);
    }
    return start;
  }

  /** The start of the bucket after the one that starts at `start`. */
  next(start: number): number {
    if (this.unit === 'hour') {
      const offset = this.table.offset(start);
      const onTheHour = Math.floor((start + offset) / HOUR) * HOUR + HOUR - offset;
      return this.table.firstChange(start, onTheHour) ?? onTheHour;
    }
    const unit = this.unit;
    let firstDay = unitFirstDay(unit, Math.floor((start + this.table.offset(start)) / DAY) * DAY);
    // A day the clock skips starts where the next one does: it has no bucket.
    for (;;) {
      firstDay = nextFirstDay(unit, firstDay);
      const next = firstReading(this.table, firstDay);
      if (next > start) return next;
    }
  }

  /** The start of the bucket before the one that starts at `start`. */
  previous(start: number): number {
    return this.startOf(start - 1);
  }
}

function cutter(zoneName: string, unit: CalendarUnit): Cutter | null {
  const table = offsetTable(zoneName);
  return table ? new Cutter(table, unit) : null;
}

/**
 * Cuts [from, to) into the zone's buckets (the module's rules above): the first holds
 * `fromMs`, the last starts before `toMs`. Null for a zone luxon does not know;
 * `'too-many'` when the range holds more than `maxBuckets`.
 */
export function zoneBuckets(
  fromMs: number,
  toMs: number,
  unit: CalendarUnit,
  zoneName: string,
  maxBuckets: number,
): ZoneBuckets | 'too-many' | null {
  const cut = cutter(zoneName, unit);
  const table = offsetTable(zoneName);
  if (!cut || !table) return null;
  const iso = isoWriter(table, zoneName);
  const starts: number[] = [];
  const ends: number[] = [];
  const startIsos: string[] = [];
  const endIsos: string[] = [];
  let start = cut.startOf(fromMs);
  let startIso = iso(start);
  while (start < toMs) {
    if (starts.length >= maxBuckets) return 'too-many';
    const end = cut.next(start);
    const endIso = iso(end);
    starts.push(start);
    ends.push(end);
    startIsos.push(startIso);
    endIsos.push(endIso);
    start = end;
    startIso = endIso;
  }
  return { starts, ends, startIsos, endIsos };
}

/**
 * The start of the bucket that holds `fromMs` and of the `before` buckets before it,
 * oldest first (the volatility windows of a view's first buckets reach back over them).
 * Null for a zone luxon does not know.
 */
export function bucketStartsUpTo(
  fromMs: number,
  unit: CalendarUnit,
  zoneName: string,
  before: number,
): number[] | null {
  const cut = cutter(zoneName, unit);
  if (!cut) return null;
  let start = cut.startOf(fromMs);
  const starts = [start];
  for (let i = 0; i < before; i++) {
    start = cut.previous(start);
    starts.unshift(start);
  }
  return starts;
}

/**
 * The instant a bare date means in a zone: when its day bucket starts, the first instant
 * the clock reads its 00:00 or later. Null for a zone luxon does not know or a date that
 * is not one (2025-02-30).
 */
export function localMidnight(date: string, zoneName: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const table = offsetTable(zoneName);
  if (!match || !table) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const dateMs = new Date(0).setUTCFullYear(year, month - 1, day);
  const check = new Date(dateMs);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return firstReading(table, dateMs);
}

/** Writes instants as luxon's `toISO({ suppressMilliseconds: true })` does, without a DateTime for the common case. */
function isoWriter(table: OffsetTable, zoneName: string): (ts: number) => string {
  const universal = table.zone.isUniversal;
  const suffixes = new Map<number, string>();
  return (ts) => {
    const offset = table.offset(ts);
    if (ts < MIN_FAST_MS || ts >= MAX_FAST_MS || offset % MINUTE !== 0) {
      return (
        DateTime.fromMillis(ts, { zone: zoneName }).toISO({ suppressMilliseconds: true }) ?? ''
      );
    }
    let suffix = suffixes.get(offset);
    if (suffix === undefined) {
      const minutes = offset / MINUTE;
      if (universal && minutes === 0) suffix = 'Z';
      else {
        const abs = Math.abs(minutes);
        suffix = `${minutes < 0 ? '-' : '+'}${pad(Math.trunc(abs / 60))}:${pad(abs % 60)}`;
      }
      suffixes.set(offset, suffix);
    }
    const local = new Date(ts + offset);
    const ms = local.getUTCMilliseconds();
    return (
      `${String(local.getUTCFullYear()).padStart(4, '0')}-${pad(local.getUTCMonth() + 1)}-` +
      `${pad(local.getUTCDate())}T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:` +
      `${pad(local.getUTCSeconds())}${ms === 0 ? '' : `.${String(ms).padStart(3, '0')}`}${suffix}`
    );
  };
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
