import { Info, type Zone } from 'luxon';

/**
 * Calendar buckets of an IANA zone, cut without a luxon object per bucket.
 *
 * luxon answers a zone's offset at an instant through `Intl`, which costs microseconds a
 * call, and cutting a bucket takes several. Offsets only change at the zone's
 * transitions, so each zone's transitions are found once (sampled every 12 hours over
 * 128-day chunks, each change pinned to the second by bisection, chunks cached for the
 * process's life) and every later offset is a lookup. The calendar arithmetic is
 * luxon's own (`fromMillis`, `startOf`, `plus` and their `fixOffset` resolution of
 * skipped and repeated local times) replayed on plain numbers, so the bounds are the
 * ones luxon cuts, instant for instant and string for string; the unit and property
 * tests hold it to that.
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
const SAMPLE_STEP = 12 * 3_600_000;
const CHUNK = 128 * 24 * 3_600_000;
/** Years written with four digits: beyond them luxon's own formatting is used. */
const MIN_FAST_MS = Date.UTC(1000, 0, 1);
const MAX_FAST_MS = Date.UTC(9999, 0, 1);

interface Chunk {
  readonly initial: number;
  /** Instants (whole seconds, ms) from which the offset is `offsets[i]`. */
  readonly at: number[];
  readonly offsets: number[];
}

/** A zone's offsets (minutes east of UTC), answered from its cached transitions. */
class OffsetTable {
  private readonly chunks = new Map<number, Chunk>();

  constructor(private readonly zone: Zone) {}

  offset(ts: number): number {
    if (this.zone.isUniversal) return this.zone.offset(ts);
    const key = Math.floor(ts / CHUNK);
    let chunk = this.chunks.get(key);
    if (!chunk) {
      chunk = this.scan(key * CHUNK);
      this.chunks.set(key, chunk);
    }
    // luxon reads the offset of the second the instant falls in.
    const second = Math.floor(ts / 1000) * 1000;
    let offset = chunk.initial;
    for (let i = 0; i < chunk.at.length && (chunk.at[i] as number) <= second; i++) {
      offset = chunk.offsets[i] as number;
    }
    return offset;
  }

  private scan(startMs: number): Chunk {
    const zoneOffset = (ms: number): number => this.zone.offset(ms);
    const initial = zoneOffset(startMs);
    const at: number[] = [];
    const offsets: number[] = [];
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

/** luxon's DateTime reduced to what bucket cutting reads: the instant and the offset it holds. */
interface Instant {
  readonly ts: number;
  readonly o: number;
}

interface Civil {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

function tsToObj(ts: number, offset: number): Civil {
  const d = new Date(ts + offset * MINUTE);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds(),
  };
}

function objToLocalTS(c: Civil): number {
  return Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second, c.millisecond);
}

function daysInMonth(year: number, month: number): number {
  const modMonth = ((((month - 1) % 12) + 12) % 12) + 1;
  const modYear = year + (month - modMonth) / 12;
  if (modMonth === 2) {
    return (modYear % 4 === 0 && modYear % 100 !== 0) || modYear % 400 === 0 ? 29 : 28;
  }
  return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][modMonth - 1] as number;
}

/**
 * Cuts [from, to) into the zone's calendar buckets exactly as `cutBuckets` does with
 * luxon, or returns null where this module does not promise that (an unknown zone, a
 * year outside 1000–9999, an offset that is not whole minutes): the caller then cuts
 * with luxon. Throws nothing; the caller enforces the bucket limit through `maxBuckets`
 * (null when the range holds more).
 */
export function zoneBuckets(
  fromMs: number,
  toMs: number,
  unit: CalendarUnit,
  zoneName: string,
  maxBuckets: number,
): ZoneBuckets | 'too-many' | null {
  if (!(fromMs >= MIN_FAST_MS && toMs <= MAX_FAST_MS)) return null;
  const table = offsetTable(zoneName);
  if (!table) return null;
  const universal = Info.normalizeZone(zoneName).isUniversal;
  const offset = (ts: number): number => table.offset(ts);

  // luxon's fixOffset; the DateTime it then builds holds the zone's offset at the
  // instant found (luxon's clone recomputes it), not the offset fixOffset guessed.
  const fixOffset = (localTS: number, o: number): Instant => {
    let utcGuess = localTS - o * MINUTE;
    const o2 = offset(utcGuess);
    if (o !== o2) {
      utcGuess -= (o2 - o) * MINUTE;
      const o3 = offset(utcGuess);
      if (o2 !== o3) utcGuess = localTS - Math.min(o2, o3) * MINUTE;
    }
    return { ts: utcGuess, o: offset(utcGuess) };
  };

  const startOf = (instant: Instant): Instant => {
    const c = tsToObj(instant.ts, instant.o);
    c.millisecond = 0;
    c.second = 0;
    c.minute = 0;
    if (unit !== 'hour') c.hour = 0;
    if (unit === 'week') {
      const weekday = new Date(Date.UTC(c.year, c.month - 1, c.day)).getUTCDay() || 7;
      const monday = new Date(Date.UTC(c.year, c.month - 1, c.day - (weekday - 1)));
      c.year = monday.getUTCFullYear();
      c.month = monday.getUTCMonth() + 1;
      c.day = monday.getUTCDate();
    }
    if (unit === 'month' || unit === 'quarter' || unit === 'year') c.day = 1;
    if (unit === 'quarter') c.month = (Math.ceil(c.month / 3) - 1) * 3 + 1;
    if (unit === 'year') c.month = 1;
    return fixOffset(objToLocalTS(c), instant.o);
  };

  const next = (instant: Instant): Instant => {
    const c = tsToObj(instant.ts, instant.o);
    if (unit === 'hour') {
      const ts = fixOffset(objToLocalTS(c), instant.o).ts + 3_600_000;
      return { ts, o: offset(ts) };
    }
    const years = unit === 'year' ? 1 : 0;
    const months = unit === 'month' ? 1 : unit === 'quarter' ? 3 : 0;
    const days = unit === 'day' ? 1 : unit === 'week' ? 7 : 0;
    const year = c.year + years;
    const month = c.month + months;
    const moved: Civil = {
      ...c,
      year,
      month,
      day: Math.min(c.day, daysInMonth(year, month)) + days,
    };
    return startOf(fixOffset(objToLocalTS(moved), instant.o));
  };

  const isos = new Map<number, string>();
  const iso = (instant: Instant): string | null => {
    const { o } = instant;
    if (!Number.isInteger(o)) return null;
    const c = tsToObj(instant.ts, o);
    let suffix = isos.get(o);
    if (suffix === undefined) {
      if (universal && o === 0) suffix = 'Z';
      else {
        const abs = Math.abs(o);
        suffix = `${o < 0 ? '-' : '+'}${pad(Math.trunc(abs / 60))}:${pad(Math.trunc(abs % 60))}`;
      }
      isos.set(o, suffix);
    }
    const ms = c.millisecond === 0 ? '' : `.${String(c.millisecond).padStart(3, '0')}`;
    return `${String(c.year).padStart(4, '0')}-${pad(c.month)}-${pad(c.day)}T${pad(c.hour)}:${pad(
      c.minute,
    )}:${pad(c.second)}${ms}${suffix}`;
  };

  const starts: number[] = [];
  const ends: number[] = [];
  const startIsos: string[] = [];
  const endIsos: string[] = [];
  let start = startOf({ ts: fromMs, o: offset(fromMs) });
  let startIso = iso(start);
  if (startIso === null) return null;
  while (start.ts < toMs) {
    if (starts.length >= maxBuckets) return 'too-many';
    const end = next(start);
    const endIso = iso(end);
    if (endIso === null || end.ts <= start.ts) return null;
    starts.push(start.ts);
    ends.push(end.ts);
    startIsos.push(startIso);
    endIsos.push(endIso);
    start = end;
    startIso = endIso;
  }
  return { starts, ends, startIsos, endIsos };
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
