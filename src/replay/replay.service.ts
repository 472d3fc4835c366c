import { setTimeout as sleep } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import { NotFound } from '../common/domain-error';
import type { EventStore, ReadDirection, RecordedEvent } from '../event-store/event-store.port';
import { comparePositions, type Position } from '../event-store/position';
import { Pacer, type PacingClock } from './domain/pacing';
import { logReadFor, matchesReplayFilter, type ReplayFilter } from './domain/replay-filter';
import { toEventView, type EventView } from './event-view';

/** A replay of the log: which events, from where to where, how fast, how many. */
export interface ReplayRequest {
  readonly filter: ReplayFilter;
  /** Exclusive: the replay starts after this position. */
  readonly from?: Position;
  /** Inclusive: the replay ends at this position, or at the head when that comes first. */
  readonly to?: Position;
  /** N times real time, by recorded time; absent: as fast as the reader reads. */
  readonly speed?: number;
  /** At most this many events. */
  readonly limit?: number;
}

export interface ReplaySummary {
  /** Events sent. */
  readonly count: number;
  /**
   * The position the replay has read the log through: resuming after it (`from=`)
   * misses nothing and repeats nothing. Null when the log was empty and no `from` given.
   */
  readonly through: Position | null;
}

export interface ReplaySession {
  /** The head of the log when the replay was opened: it never reads past it. */
  readonly head: Position | undefined;
  /**
   * Where the replay ends: `to`, or the head when that comes first; undefined for an
   * empty log. A replay from here on has nothing left to give.
   */
  readonly end: Position | undefined;
  readonly events: AsyncIterable<RecordedEvent>;
  /** How far the events went; final once they are exhausted. */
  summary(): ReplaySummary;
}

export interface StreamPageRequest {
  readonly direction: ReadDirection;
  /** Inclusive; absent: the stream's first (forwards) or last (backwards) event. */
  readonly fromRevision?: number;
  readonly limit: number;
}

export interface StreamPage {
  readonly items: EventView[];
  /** The `fromRevision` of the next page, or null after the last one. */
  readonly nextCursor: string | null;
}

export interface ReplayServiceOptions {
  /** Events per read of the log: what a replay holds in memory at most. */
  readonly pageSize?: number;
  readonly clock?: PacingClock;
}

const DEFAULT_PAGE_SIZE = 256;

const realClock: PacingClock = {
  now: () => performance.now(),
  sleep: (ms, signal) =>
    sleep(ms, undefined, signal ? { signal } : {}).then(
      () => undefined,
      () => undefined,
    ),
};

/**
 * Reads the log for operators: one stream page by page, or the whole log filtered and
 * optionally paced. The HTTP endpoints and `parley replay` both go through it.
 */
export class ReplayService {
  private readonly pageSize: number;
  private readonly clock: PacingClock;

  constructor(
    private readonly store: EventStore,
    options: ReplayServiceOptions = {},
  ) {
    this.pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    this.clock = options.clock ?? realClock;
  }

  /**
   * One page of a stream. A stream with no events is unknown.
   * @throws NotFound when the stream has no events.
   */
  async streamPage(stream: string, request: StreamPageRequest): Promise<StreamPage> {
    // One event more than the page tells whether there is a next page, and its revision.
    const events = await this.store.readStream(stream, {
      direction: request.direction,
      limit: request.limit + 1,
      ...(request.fromRevision === undefined ? {} : { fromRevision: request.fromRevision }),
    });
    if (events.length === 0) {
      const exists =
        request.fromRevision !== undefined &&
        (await this.store.readStream(stream, { direction: 'backwards', limit: 1 })).length > 0;
      if (!exists) throw new NotFound(`No stream "${stream}": it has no events`);
    }
    const next = events[request.limit];
    return {
      items: events.slice(0, request.limit).map(toEventView),
      nextCursor: next === undefined ? null : String(next.revision),
    };
  }

  /**
   * Opens a replay: takes the head of the log now, so the replay is finite, and gives
   * the matching events up to it in log order, read a page at a time. Aborting `signal`
   * (the client went away) stops the reading and any pause.
   */
  async open(request: ReplayRequest, signal?: AbortSignal): Promise<ReplaySession> {
    const head = await this.store.headPosition();
    let count = 0;
    let through: Position | undefined = request.from;
    const stop =
      head !== undefined && request.to !== undefined ? minPosition(head, request.to) : head;
    const reached = (position: Position): void => {
      if (through === undefined || comparePositions(position, through) > 0) through = position;
    };

    const read = logReadFor(request.filter);
    const pacer = request.speed === undefined ? undefined : new Pacer(request.speed, this.clock);
    const store = this.store;
    const pageSize = this.pageSize;

    async function* events(): AsyncGenerator<RecordedEvent> {
      if (stop === undefined || read.reads === 'nothing') {
        if (stop !== undefined) reached(stop);
        return;
      }
      if (request.limit !== undefined && request.limit <= 0) return;
      let from = request.from;
      while (!signal?.aborted) {
        const page = await store.readAll({
          limit: pageSize,
          ...(from === undefined ? {} : { from }),
          ...(read.reads === 'filtered' ? { filter: read.filter } : {}),
        });
        if (page.length === 0) break;
        for (const event of page) {
          if (comparePositions(event.position, stop) > 0) {
            reached(stop);
            return;
          }
          from = event.position;
          if (!matchesReplayFilter(request.filter, event)) continue;
          await pacer?.waitFor(event.recordedAt, signal);
          if (signal?.aborted) return;
          count += 1;
          reached(event.position);
          yield event;
          if (count === request.limit) return;
        }
      }
      // The log holds nothing more that the filter reads: the replay covered it to the head.
      if (!signal?.aborted) reached(stop);
    }

    return {
      head,
      end: stop,
      events: events(),
      summary: () => ({ count, through: through ?? null }),
    };
  }
}

/** Whether a replay that starts after `position` has nothing left before its end. */
export function isPastEnd(session: Pick<ReplaySession, 'end'>, position: Position): boolean {
  return session.end === undefined || comparePositions(position, session.end) >= 0;
}

function minPosition(a: Position, b: Position): Position {
  return comparePositions(a, b) <= 0 ? a : b;
}
