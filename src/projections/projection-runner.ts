import { setTimeout as sleep } from 'node:timers/promises';
import type { SqliteDatabase } from '../database/open-database';
import { isTransientStorageError, sqliteCodeOf } from '../database/storage-errors';
import type { EventStore, RecordedEvent } from '../event-store/event-store.port';
import { comparePositions, type Position } from '../event-store/position';
import { UpcastFailed } from '../event-store/upcasting/upcasting.errors';
import { batches } from './batches';
import { readModelTransaction } from './read-model-transaction';
import { matchesFilter, type Projection } from './projection';
import { NotLeaseHolder, SkipRefused, UnknownProjection } from './projection.errors';
import { HEARTBEAT_MS, ProjectionLease } from './projection-lease';
import { generationNames, ProjectionStore, type ProjectionRow } from './projection-store';

/**
 * `standby`: another process (a server on the same SQLite file) applies the projections;
 * this one reads what it writes. `retrying`: a commit failed for a storage fault (a full
 * disk, a busy or failing file), not for the events, and is tried again by itself.
 */
export type ProjectionState =
  'starting' | 'live' | 'rebuilding' | 'retrying' | 'failed' | 'stopped' | 'standby';

/** A commit the storage refused for now, tried again with backoff until it succeeds. */
export interface ProjectionRetry {
  /** Which generation waits: the live one, or the one a rebuild fills. */
  readonly feed: 'live' | 'rebuild';
  /** SQLite's result code, e.g. `SQLITE_FULL`. */
  readonly code: string;
  readonly message: string;
  /** Failed tries so far. */
  readonly attempts: number;
  /** When the first try of this batch failed. */
  readonly since: string;
  readonly nextAttemptAt: string;
}

export interface ProjectionFailure {
  /** Which generation failed: the live one, or the one a rebuild fills. */
  readonly feed: 'live' | 'rebuild';
  readonly message: string;
  readonly position: Position;
  readonly eventId: string;
  readonly type: string;
  readonly stream: string;
  readonly at: string;
}

export interface RebuildProgress {
  readonly version: number;
  readonly generation: number;
  readonly done: number;
  readonly total: number | null;
  readonly ratePerSecond: number | null;
  readonly etaSeconds: number | null;
  readonly startedAt: string | null;
  readonly checkpoint: Position | null;
}

export interface ProjectionStatus {
  readonly name: string;
  /** The version of the generation queries read. */
  readonly version: number;
  /** The version this code builds; differs from `version` until a rebuild swaps in. */
  readonly codeVersion: number;
  readonly generation: number;
  readonly state: ProjectionState;
  /** The position of the last event the live generation applied, or null before the first. */
  readonly checkpoint: Position | null;
  readonly lastError: ProjectionFailure | null;
  /** While a storage fault holds the projection back: what failed, and when it is tried next. */
  readonly retrying: ProjectionRetry | null;
  readonly rebuild: RebuildProgress | null;
  readonly skipped: readonly SkippedEvent[];
}

/** An event an operator skipped, and why. */
export interface SkippedEvent {
  readonly position: string;
  readonly eventId: string;
  readonly type: string;
  readonly stream: string;
  readonly error: string;
  readonly reason: string;
  readonly skippedAt: string;
}

export interface ProjectionLag {
  /** Events of the projection's part of the log it has not applied yet. */
  readonly events: number;
  /** How long the oldest of them has waited, by recorded time (null when it cannot be read). */
  readonly seconds: number | null;
}

interface Feed {
  readonly kind: 'live' | 'rebuild';
  readonly generation: number;
  checkpoint: Position | undefined;
  /**
   * Every event of the log up to here that the projection listens to is applied: a new
   * append right after it can be applied inline, in the append's own transaction.
   */
  examined: Position | undefined;
  /** Applies events and moves the checkpoint, inside the caller's transaction (live feeds). */
  applyInline: ((events: readonly RecordedEvent[]) => void) | undefined;
  readonly abort: AbortController;
  done: Promise<unknown>;
}

interface Running {
  readonly projection: Projection;
  live: Feed | undefined;
  rebuild: Feed | undefined;
  failure: ProjectionFailure | undefined;
  retrying: ProjectionRetry | undefined;
  /** For the rate: when this process started the rebuild feed, and how far it was then. */
  rebuildClock: { readonly startedMs: number; readonly doneAtStart: number } | undefined;
  stopped: boolean;
}

/** The most events a live batch commits at once, and a paced rebuild's page. */
const BATCH_SIZE = 1000;
/**
 * Events per catch-up page, each committed in one transaction: large enough that the
 * commit and the read's fixed costs vanish, small enough to hold little memory and give
 * the event loop a turn every few tens of milliseconds.
 */
const CATCH_UP_PAGE = 5000;
/** Tries of a catch-up read that fails, and the backoff between them (doubling, capped). */
const MAX_READ_RETRIES = 10;
const READ_RETRY_MS = 50;
const MAX_READ_RETRY_MS = 5_000;
/**
 * Backoff between tries of a commit the storage refused (a full disk): doubling from
 * 100 ms to 30 s, never giving up. Space returns when an operator frees it, at no time
 * we can know, and a projection marked failed would tempt them to skip a sound event.
 */
const STORAGE_RETRY_MS = 100;
const MAX_STORAGE_RETRY_MS = 30_000;

export interface ProjectionRunnerOptions {
  readonly clock?: () => Date;
  /** A pause after each batch a rebuild applies (PARLEY_REBUILD_PAUSE_MS). */
  readonly rebuildPauseMs?: number;
  /** Events per catch-up page and transaction (default 5,000). */
  readonly catchUpPageSize?: number;
}

/**
 * Feeds each projection from the store's ordered log, starting after its checkpoint.
 * Durable projections are fed from the log, never from the in-process EventBus, which
 * is fire-and-forget.
 *
 * A rebuild fills the projection's next generation of tables from the start of the log
 * while the live generation keeps answering (and keeps applying new events); once the
 * new generation has caught up with the log, the views that queries read are pointed at
 * it in one transaction. A rebuild's progress is committed with its rows, so a crash
 * resumes it where it stopped.
 */
export class ProjectionRunner {
  private readonly running = new Map<string, Running>();
  private readonly waiters = new Set<() => void>();
  /** Events applied (and committed) by this process, by projection: a counter's source. */
  private readonly appliedCounts = new Map<string, number>();
  private readonly state: ProjectionStore;
  private readonly clock: () => Date;
  private readonly lease: ProjectionLease;
  private readonly rebuildPauseMs: number;
  private readonly catchUpPageSize: number;
  private leaseTimer: NodeJS.Timeout | undefined;
  private stopInline: (() => void) | undefined;
  private active = false;
  private started = false;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly store: EventStore,
    private readonly projections: readonly Projection[],
    options: ProjectionRunnerOptions = {},
  ) {
    this.state = new ProjectionStore(db);
    this.clock = options.clock ?? (() => new Date());
    this.lease = new ProjectionLease(db);
    this.rebuildPauseMs = options.rebuildPauseMs ?? 0;
    this.catchUpPageSize = Math.max(1, options.catchUpPageSize ?? CATCH_UP_PAGE);
  }

  /** Creates missing tables (queries can run before the first event is applied). */
  prepare(): void {
    for (const projection of this.projections) {
      if (!this.state.row(projection.name)) this.state.createFirst(projection);
    }
  }

  /**
   * Starts applying the projections, if this process holds the file's lease; otherwise
   * stands by, reading what the holder writes, and takes over if the holder goes away.
   */
  start(): void {
    this.prepare();
    this.started = true;
    this.stopInline ??= this.store.inlineCommits(this.db, this.applyInline);
    this.keepLease();
    this.leaseTimer = setInterval(() => this.keepLease(), HEARTBEAT_MS);
    this.leaseTimer.unref();
  }

  async stop(): Promise<void> {
    this.started = false;
    this.stopInline?.();
    this.stopInline = undefined;
    clearInterval(this.leaseTimer);
    await this.stopAll();
    if (this.active) this.lease.release();
    this.active = false;
    this.wake();
  }

  /** Whether this process applies the projections (it holds the lease). */
  isActive(): boolean {
    return this.active;
  }

  private keepLease(): void {
    if (!this.started) return;
    const held = this.lease.acquire();
    if (held && !this.active) {
      this.active = true;
      for (const projection of this.projections) this.startOne(projection);
    } else if (!held && this.active) {
      // Another process took the lease (this one was taken for dead): stop writing.
      this.active = false;
      void this.stopAll();
    }
  }

  private async stopAll(): Promise<void> {
    const all = [...this.running.values()];
    for (const run of all) run.stopped = true;
    await Promise.all(all.map((run) => this.stopFeeds(run)));
    this.running.clear();
  }

  /** How many events this process has applied to the projection, live and rebuilding, since it started. */
  applied(name: string): number {
    return this.appliedCounts.get(name) ?? 0;
  }

  private countApplied(name: string, count: number): void {
    if (count > 0) this.appliedCounts.set(name, this.applied(name) + count);
  }

  status(): ProjectionStatus[] {
    return this.projections.map((projection) => this.statusOf(projection));
  }

  statusOf(projection: Projection | string): ProjectionStatus {
    const p = this.projection(projection);
    const row = this.state.row(p.name);
    const run = this.running.get(p.name);
    return {
      name: p.name,
      version: row?.version ?? p.version,
      codeVersion: p.version,
      generation: row?.generation ?? 0,
      state: this.stateOf(p, run, row),
      checkpoint: run?.live?.checkpoint ?? row?.position ?? null,
      lastError: run?.failure ?? null,
      retrying: run?.retrying ?? null,
      rebuild: row?.rebuild_generation ? this.progress(row, run) : null,
      skipped: this.state.skips(p.name).map((s) => ({
        position: s.position,
        eventId: s.event_id,
        type: s.type,
        stream: s.stream,
        error: s.error,
        reason: s.reason,
        skippedAt: s.skipped_at,
      })),
    };
  }

  /** How far the live generation is behind the log. */
  async lag(name: string): Promise<ProjectionLag> {
    const projection = this.projection(name);
    const from = this.statusOf(projection).checkpoint ?? undefined;
    const options = { filter: projection.filter, ...(from ? { from } : {}) };
    const [events, oldest] = await Promise.all([
      this.store.countEvents(options),
      this.store.readAll({ ...options, limit: 1 }).then(
        ([first]) => first ?? null,
        // The next event may be the very one the projection cannot read.
        (error: unknown) => {
          if (error instanceof UpcastFailed) return undefined;
          throw error;
        },
      ),
    ]);
    const seconds =
      oldest === undefined
        ? null
        : oldest === null
          ? 0
          : Math.max(0, (this.clock().getTime() - Date.parse(oldest.recordedAt)) / 1000);
    return { events, seconds };
  }

  /**
   * Starts building a new generation of the projection beside the live one. Resolves
   * once it has started; progress shows in `status()`.
   */
  async rebuild(name: string): Promise<ProjectionStatus> {
    const projection = this.projection(name);
    const run = this.runningOf(projection.name);
    if (run.rebuild) {
      run.rebuild.abort.abort();
      await run.rebuild.done;
    }
    const total = await this.store.countEvents({ filter: projection.filter });
    this.state.beginRebuild(projection, total, this.clock());
    if (run.failure?.feed === 'rebuild') run.failure = undefined;
    this.startRebuildFeed(run);
    return this.statusOf(projection);
  }

  /** Stops a rebuild and drops what it built; the live generation goes on. */
  async cancelRebuild(name: string): Promise<ProjectionStatus> {
    const projection = this.projection(name);
    const run = this.runningOf(projection.name);
    if (run?.rebuild) {
      run.rebuild.abort.abort();
      await run.rebuild.done;
      run.rebuild = undefined;
    }
    if (run?.failure?.feed === 'rebuild') run.failure = undefined;
    this.state.cancelRebuild(projection);
    if (
      run &&
      !run.live &&
      !run.stopped &&
      this.state.row(projection.name)?.version === projection.version
    ) {
      this.startLiveFeed(run);
    }
    return this.statusOf(projection);
  }

  /** Tries the event a projection failed on again (after a fix elsewhere, or a transient fault). */
  retry(name: string): ProjectionStatus {
    const run = this.runningOf(name);
    const failure = run.failure;
    if (!failure) return this.statusOf(name);
    run.failure = undefined;
    if (failure.feed === 'live') this.startLiveFeed(run);
    else this.startRebuildFeed(run);
    return this.statusOf(name);
  }

  /**
   * Passes over the one event a projection failed on, explicitly: the skip is recorded
   * (and shown in the status), the checkpoint moves past it, and the feed goes on. A
   * rebuild passes over the same event.
   */
  skip(name: string, position: Position, reason: string): ProjectionStatus {
    const run = this.runningOf(name);
    const failure = run.failure;
    if (!failure || failure.position !== position) {
      throw new SkipRefused(
        failure
          ? `${name} failed at ${failure.position}, not at ${position}`
          : `${name} has not failed: there is nothing to skip`,
      );
    }
    const writers = this.state.checkpointWriters(run.projection.name);
    this.db.transaction(() => {
      this.state.recordSkip({
        name: run.projection.name,
        position: failure.position,
        event_id: failure.eventId,
        type: failure.type,
        stream: failure.stream,
        error: failure.message,
        reason,
        skipped_at: this.clock().toISOString(),
      });
      if (failure.feed === 'live') writers.live(failure.position);
      else writers.rebuild(failure.position, 1);
    })();
    run.failure = undefined;
    if (failure.feed === 'live') {
      if (run.live) run.live.checkpoint = failure.position;
      this.startLiveFeed(run);
    } else {
      this.startRebuildFeed(run);
    }
    return this.statusOf(name);
  }

  /**
   * Resolves true once every projection that listens to `event`'s stream has applied
   * it, so a client that wrote can read its write. A projection that is not applying
   * events (failed, or frozen at an old version while its rebuild runs) is not waited
   * for. Resolves false when `timeoutMs` passes first: it never throws, because the
   * event is already durable in the log, and a writer told "error" would believe it lost
   * (a stalled lease holder once made a standby answer 500 for a stored record).
   */
  async waitFor(
    event: Pick<RecordedEvent, 'stream' | 'position' | 'type'>,
    timeoutMs = 10_000,
  ): Promise<boolean> {
    if (!this.active) return this.waitForHolder(event, timeoutMs);
    const relevant = [...this.running.values()].filter((run) =>
      matchesFilter(run.projection.filter, event),
    );
    const reached = (): boolean =>
      relevant.every((run) => {
        const live = run.live;
        if (!live || run.failure?.feed === 'live' || run.stopped) return true;
        return (
          live.checkpoint !== undefined && comparePositions(live.checkpoint, event.position) >= 0
        );
      });
    if (reached()) return true;
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        resolve(false);
      }, timeoutMs);
      const check = (): void => {
        if (!reached()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(true);
      };
      this.waiters.add(check);
    });
  }

  /** In standby, the holder of the lease applies the events: watch its checkpoints. */
  private async waitForHolder(
    event: Pick<RecordedEvent, 'stream' | 'position' | 'type'>,
    timeoutMs: number,
  ): Promise<boolean> {
    const relevant = this.projections.filter((p) => matchesFilter(p.filter, event));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const behind = relevant.some((p) => {
        const position = this.state.row(p.name)?.position;
        return !position || comparePositions(position, event.position) < 0;
      });
      if (!behind) return true;
      // This process took the lease over: its own feeds apply the event from here.
      if (this.active) return this.waitFor(event, Math.max(1, deadline - Date.now()));
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** Resolves once every live projection has applied everything in the log now. */
  async waitForHead(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (const projection of this.projections) {
      const head = await this.filteredHead(projection);
      if (head) await this.waitFor(head, Math.max(1, deadline - Date.now()));
    }
  }

  /**
   * Inline projections (ADR 0020): where the store commits appends in this database, each
   * live projection that has applied everything before them applies the appended events
   * in the same transaction, with its checkpoint. The writer then reads its own write
   * without a second commit or a wake-up. A projection that is behind (catching up,
   * failed, rebuilt, or fed by another process's appends) is left to its feed, which
   * applies the same events from the log; one that throws here rolls back alone and its
   * feed meets the event and fails on it, visibly, as before.
   */
  private readonly applyInline = (
    events: readonly RecordedEvent[],
    headBefore: Position | undefined,
  ): (() => void) | void => {
    if (!this.active) return;
    const last = events[events.length - 1];
    if (!last) return;
    const moved: { run: Running; feed: Feed; checkpoint: Position | undefined; count: number }[] =
      [];
    for (const run of this.running.values()) {
      const feed = run.live;
      if (!feed?.applyInline || run.stopped || run.failure || feed.abort.signal.aborted) continue;
      const inStep =
        headBefore === undefined ||
        (feed.examined !== undefined && comparePositions(feed.examined, headBefore) >= 0);
      if (!inStep) continue;
      const matching = events.filter((event) => matchesFilter(run.projection.filter, event));
      try {
        if (matching.length > 0) this.db.transaction(() => feed.applyInline?.(matching))();
      } catch (error) {
        // A full disk fails the append's whole transaction, not this projection alone.
        if (isTransientStorageError(error)) throw error;
        continue;
      }
      moved.push({
        run,
        feed,
        checkpoint: matching[matching.length - 1]?.position,
        count: matching.length,
      });
    }
    if (moved.length === 0) return;
    return () => {
      for (const { run, feed, checkpoint, count } of moved) {
        if (checkpoint) feed.checkpoint = later(feed.checkpoint, checkpoint);
        // Durable now, with the append: the counter follows the commit, not the attempt.
        this.countApplied(run.projection.name, count);
        feed.examined = later(feed.examined, last.position);
      }
      this.wake();
    };
  };

  private startOne(projection: Projection): void {
    const row = this.state.row(projection.name);
    if (!row) throw new Error(`Projection ${projection.name} has no state`);
    const run: Running = {
      projection,
      live: undefined,
      rebuild: undefined,
      failure: undefined,
      retrying: undefined,
      rebuildClock: undefined,
      stopped: false,
    };
    this.running.set(projection.name, run);
    // An older version keeps answering queries, frozen, while this version is built.
    if (row.version === projection.version) this.startLiveFeed(run);
    if (row.rebuild_generation !== null && row.rebuild_version === projection.version) {
      this.startRebuildFeed(run);
    } else if (row.version !== projection.version) {
      void this.rebuild(projection.name).catch((error: unknown) =>
        this.fail(run, 'rebuild', error),
      );
    } else if (row.rebuild_generation !== null) {
      this.state.cancelRebuild(projection);
    }
  }

  private startLiveFeed(run: Running): void {
    const row = this.state.row(run.projection.name);
    if (!row || run.stopped) return;
    const feed: Feed = {
      kind: 'live',
      generation: row.generation,
      checkpoint: row.position ?? undefined,
      examined: undefined,
      applyInline: undefined,
      abort: new AbortController(),
      done: Promise.resolve(),
    };
    run.live = feed;
    feed.done = this.feed(run, feed);
  }

  private startRebuildFeed(run: Running): void {
    const row = this.state.row(run.projection.name);
    if (!row?.rebuild_generation || run.stopped) return;
    const feed: Feed = {
      kind: 'rebuild',
      generation: row.rebuild_generation,
      checkpoint: row.rebuild_position ?? undefined,
      examined: undefined,
      applyInline: undefined,
      abort: new AbortController(),
      done: Promise.resolve(),
    };
    run.rebuild = feed;
    run.rebuildClock = { startedMs: this.clock().getTime(), doneAtStart: row.rebuild_done };
    feed.done = this.feed(run, feed).then(async (caughtUp) => {
      if (caughtUp && !run.stopped) await this.swapIn(run);
    });
  }

  /**
   * Applies the log to one generation. Resolves true when a rebuild feed has caught up
   * with the log (time to swap), false when stopped or failed.
   *
   * Two phases. The catch-up reads the log in bounded pages (`readAll`, a page at a
   * time, no queue between reader and applier: the next page is read only once the last
   * one is committed) and commits each page with the checkpoint in one transaction, giving
   * the event loop a turn between pages. Once a page comes back short, the log's head is
   * reached: a rebuild is done; a live feed goes on with the store's live subscription
   * from there, committing what is ready at once.
   */
  private async feed(run: Running, feed: Feed): Promise<boolean> {
    const { projection } = run;
    const apply = projection.bind(this.db, generationNames(projection, feed.generation));
    const writers = this.state.checkpointWriters(projection.name);
    const skipped = new Set(this.state.skips(projection.name).map((s) => s.position));
    const commitRows = readModelTransaction(this.db, (events: RecordedEvent[]): number => {
      // Events applied inline meanwhile come again from the log: pass over them.
      const since = feed.checkpoint;
      const fresh =
        since === undefined
          ? events
          : events.filter((event) => comparePositions(event.position, since) > 0);
      let applied = 0;
      for (const event of fresh) {
        if (skipped.has(event.position)) continue;
        apply(event);
        applied += 1;
      }
      const last = fresh[fresh.length - 1];
      if (!last) return applied;
      if (feed.kind === 'live') writers.live(last.position);
      else writers.rebuild(last.position, applied);
      return applied;
    });
    // Counted once committed: a batch that throws is committed again event by event.
    const commit = (events: RecordedEvent[]): void =>
      this.countApplied(projection.name, commitRows(events));
    if (feed.kind === 'live') {
      feed.applyInline = (events) => {
        for (const event of events) apply(event);
        const last = events[events.length - 1];
        if (last) writers.live(last.position);
      };
    }
    // An event the store cannot even read (an unknown schema version) was skipped by an
    // operator: move the checkpoint past it.
    const passOver = (position: Position): void => {
      readModelTransaction(this.db, () => {
        if (feed.kind === 'live') writers.live(position);
        else writers.rebuild(position, 0);
      })();
      feed.checkpoint = later(feed.checkpoint, position);
    };
    // A rebuild paced by an operator keeps the documented pause after each BATCH_SIZE events.
    const pageSize =
      feed.kind === 'rebuild' && this.rebuildPauseMs > 0 ? BATCH_SIZE : this.catchUpPageSize;
    let limit = pageSize;
    let readFailures = 0;
    for (;;) {
      // Catch-up, a bounded page at a time.
      for (;;) {
        if (feed.abort.signal.aborted) return false;
        let page: RecordedEvent[];
        let head: Position | undefined;
        try {
          // The head before the read: a short page means every event up to it was examined.
          head = feed.applyInline ? await this.store.headPosition() : undefined;
          page = await this.store.readAll({
            ...(feed.checkpoint ? { from: feed.checkpoint } : {}),
            filter: projection.filter,
            limit,
          });
        } catch (error) {
          if (feed.abort.signal.aborted) return false;
          if (error instanceof UpcastFailed && limit > 1) {
            // A page with an unreadable event: read smaller pages up to it, so that the
            // events before it are applied and the failure names the very event.
            limit = Math.max(1, Math.floor(limit / 16));
            continue;
          }
          if (error instanceof UpcastFailed && error.position && skipped.has(error.position)) {
            passOver(error.position);
            limit = pageSize;
            continue;
          }
          // A read cut short (a dropped connection to EventStoreDB, a busy file) is tried
          // again from the checkpoint, backing off, as the store's subscriptions do; one
          // that keeps failing fails the projection, visibly.
          if (!(error instanceof UpcastFailed) && readFailures < MAX_READ_RETRIES) {
            readFailures += 1;
            await sleep(Math.min(READ_RETRY_MS * 2 ** readFailures, MAX_READ_RETRY_MS));
            continue;
          }
          this.fail(run, feed.kind, error);
          return false;
        }
        readFailures = 0;
        if (feed.abort.signal.aborted) return false;
        if (page.length > 0) {
          if (!(await this.commitOrFail(run, feed, page, commit))) return false;
          feed.checkpoint = later(feed.checkpoint, page[page.length - 1]?.position);
          this.wake();
        }
        if (page.length < limit) {
          if (head) feed.examined = later(feed.examined, later(feed.checkpoint, head));
          break;
        }
        if (feed.kind === 'rebuild' && this.rebuildPauseMs > 0) await this.pause(feed);
        else await nextTurn();
      }
      if (feed.kind === 'rebuild') {
        try {
          if (await this.caughtUp(projection, feed)) return true;
        } catch (error) {
          if (feed.abort.signal.aborted) return false;
          this.fail(run, feed.kind, error);
          return false;
        }
        continue;
      }
      // Live: what is appended from now on, as it comes.
      try {
        const events = this.store.subscribeToAll({
          ...(feed.checkpoint ? { from: feed.checkpoint } : {}),
          filter: projection.filter,
          signal: feed.abort.signal,
          // What was applied inline need not be read again.
          handledUpTo: () => feed.examined,
        });
        for await (const batch of batches(events, BATCH_SIZE)) {
          if (feed.abort.signal.aborted) return false;
          if (!(await this.commitOrFail(run, feed, batch, commit))) return false;
          feed.checkpoint = later(feed.checkpoint, batch[batch.length - 1]?.position);
          feed.examined = later(feed.examined, feed.checkpoint);
          this.wake();
        }
        return false;
      } catch (error) {
        if (feed.abort.signal.aborted) return false;
        // An unreadable event in the live part: the catch-up reads up to it, then skips
        // it (if an operator said so) or fails at it, naming it.
        if (error instanceof UpcastFailed) {
          limit = pageSize;
          continue;
        }
        this.fail(run, feed.kind, error);
        return false;
      }
    }
  }

  /**
   * Commits a batch; when it throws, commits its events one by one up to the one that
   * fails, so the projection stops exactly at that event, with the error shown. A
   * storage fault (a full disk) is no fault of the event: the batch is tried again, with
   * backoff, until it commits or the feed stops, and the status says `retrying`.
   */
  private async commitOrFail(
    run: Running,
    feed: Feed,
    batch: RecordedEvent[],
    commit: (events: RecordedEvent[]) => void,
  ): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      const outcome = this.tryCommit(run, feed, batch, commit);
      if (outcome === 'committed' || outcome === 'failed') {
        if (run.retrying?.feed === feed.kind) run.retrying = undefined;
        return outcome === 'committed';
      }
      const delay = Math.min(STORAGE_RETRY_MS * 2 ** (attempt - 1), MAX_STORAGE_RETRY_MS);
      const now = this.clock();
      run.retrying = {
        feed: feed.kind,
        code: sqliteCodeOf(outcome.storageFault) ?? 'unknown',
        message: String((outcome.storageFault as { message?: unknown }).message),
        attempts: attempt,
        since: run.retrying?.since ?? now.toISOString(),
        nextAttemptAt: new Date(now.getTime() + delay).toISOString(),
      };
      await sleep(delay, undefined, { signal: feed.abort.signal }).catch(() => undefined);
      if (feed.abort.signal.aborted) return false;
    }
  }

  private tryCommit(
    run: Running,
    feed: Feed,
    batch: RecordedEvent[],
    commit: (events: RecordedEvent[]) => void,
  ): 'committed' | 'failed' | { storageFault: unknown } {
    try {
      commit(batch);
      return 'committed';
    } catch (error) {
      if (isTransientStorageError(error)) return { storageFault: error };
      for (const event of batch) {
        try {
          commit([event]);
          feed.checkpoint = later(feed.checkpoint, event.position);
        } catch (eventError) {
          if (isTransientStorageError(eventError)) return { storageFault: eventError };
          this.fail(run, feed.kind, eventError, event);
          return 'failed';
        }
      }
      return 'committed';
    }
  }

  private pause(feed: Feed): Promise<void> {
    return sleep(this.rebuildPauseMs, undefined, { signal: feed.abort.signal }).catch(
      () => undefined,
    );
  }

  private async caughtUp(projection: Projection, feed: Feed): Promise<boolean> {
    const head = await this.filteredHead(projection);
    return (
      !head ||
      (feed.checkpoint !== undefined && comparePositions(feed.checkpoint, head.position) >= 0)
    );
  }

  /** The rebuilt generation has everything: it becomes the one queries read. */
  private async swapIn(run: Running): Promise<void> {
    if (run.live) {
      run.live.abort.abort();
      await run.live.done;
      run.live = undefined;
    }
    if (run.stopped) return;
    this.state.swap(run.projection);
    run.rebuild = undefined;
    run.rebuildClock = undefined;
    if (run.failure?.feed === 'live') run.failure = undefined;
    this.startLiveFeed(run);
    this.wake();
  }

  private fail(
    run: Running,
    feed: 'live' | 'rebuild',
    error: unknown,
    event?: RecordedEvent,
  ): void {
    // An event the store could not read names itself in the error.
    const unreadable = error instanceof UpcastFailed ? error : undefined;
    run.failure = {
      feed,
      message: error instanceof Error ? error.message : String(error),
      position: event?.position ?? unreadable?.position ?? ('' as Position),
      eventId: event?.id ?? unreadable?.eventId ?? '',
      type: event?.type ?? unreadable?.eventType ?? '',
      stream: event?.stream ?? unreadable?.stream ?? '',
      at: this.clock().toISOString(),
    };
    this.wake();
  }

  private async stopFeeds(run: Running): Promise<void> {
    for (const feed of [run.live, run.rebuild]) feed?.abort.abort();
    await Promise.all([run.live?.done, run.rebuild?.done]);
  }

  private async filteredHead(projection: Projection): Promise<RecordedEvent | undefined> {
    const [last] = await this.store.readAll({
      direction: 'backwards',
      limit: 1,
      filter: projection.filter,
    });
    return last;
  }

  private stateOf(
    projection: Projection,
    run: Running | undefined,
    row: ProjectionRow | undefined,
  ): ProjectionState {
    if (this.started && !this.active) return 'standby';
    if (!run || run.stopped) return 'stopped';
    if (run.failure) return 'failed';
    if (run.retrying) return 'retrying';
    // A stored version older than the code's is being rebuilt (or about to be).
    if (row?.rebuild_generation || (row && row.version !== projection.version)) return 'rebuilding';
    return run.live ? 'live' : 'starting';
  }

  private progress(row: ProjectionRow, run: Running | undefined): RebuildProgress {
    const clock = run?.rebuildClock;
    const elapsed = clock ? (this.clock().getTime() - clock.startedMs) / 1000 : 0;
    const rate = clock && elapsed > 0 ? (row.rebuild_done - clock.doneAtStart) / elapsed : null;
    const remaining =
      row.rebuild_total === null ? null : Math.max(0, row.rebuild_total - row.rebuild_done);
    return {
      version: row.rebuild_version ?? 0,
      generation: row.rebuild_generation ?? 0,
      done: row.rebuild_done,
      total: row.rebuild_total,
      ratePerSecond: rate === null ? null : Math.round(rate),
      etaSeconds: rate && remaining !== null ? Math.round(remaining / rate) : null,
      startedAt: row.rebuild_started_at,
      checkpoint: row.rebuild_position,
    };
  }

  private projection(projection: Projection | string): Projection {
    if (typeof projection !== 'string') return projection;
    const found = this.projections.find((p) => p.name === projection);
    if (!found) throw new UnknownProjection(projection);
    return found;
  }

  private runningOf(name: string): Running {
    const projection = this.projection(name);
    if (!this.active) throw new NotLeaseHolder();
    const run = this.running.get(projection.name);
    if (!run) throw new Error(`Projection ${name} is not running`);
    return run;
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

/** The later of two positions (either may be missing). */
function later(a: Position | undefined, b: Position | undefined): Position | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return comparePositions(a, b) >= 0 ? a : b;
}

/** One turn of the event loop, so that requests are served between catch-up pages. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
