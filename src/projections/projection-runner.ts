import type { SqliteDatabase } from '../database/open-database';
import type { EventStore, RecordedEvent } from '../event-store/event-store.port';
import { comparePositions, type Position } from '../event-store/position';
import { batches } from './batches';
import { matchesFilter, type Projection } from './projection';

export type ProjectionState = 'starting' | 'live' | 'failed' | 'stopped';

export interface ProjectionStatus {
  readonly name: string;
  readonly version: number;
  readonly state: ProjectionState;
  /** The position of the last event it applied, or null before the first. */
  readonly checkpoint: Position | null;
  readonly lastError: string | null;
}

interface Running {
  readonly projection: Projection;
  state: ProjectionState;
  checkpoint: Position | undefined;
  lastError: string | undefined;
  abort: AbortController;
  done: Promise<void>;
}

const BATCH_SIZE = 1000;

/**
 * Feeds each projection from the store's ordered log, starting after its checkpoint.
 * Durable projections are fed from the log, never from the in-process EventBus, which
 * is fire-and-forget.
 */
export class ProjectionRunner {
  private readonly running = new Map<string, Running>();
  private readonly waiters = new Set<() => void>();

  constructor(
    private readonly db: SqliteDatabase,
    private readonly store: EventStore,
    private readonly projections: readonly Projection[],
  ) {
    db.exec(`CREATE TABLE IF NOT EXISTS projection_checkpoints (
      name     TEXT PRIMARY KEY,
      version  INTEGER NOT NULL,
      position TEXT
    )`);
  }

  start(): void {
    for (const projection of this.projections) this.startOne(projection);
  }

  async stop(): Promise<void> {
    const all = [...this.running.values()];
    for (const run of all) run.abort.abort();
    await Promise.all(all.map((run) => run.done));
    this.wake();
  }

  status(): ProjectionStatus[] {
    return this.projections.map((projection) => {
      const run = this.running.get(projection.name);
      return {
        name: projection.name,
        version: projection.version,
        state: run?.state ?? 'stopped',
        checkpoint: run?.checkpoint ?? this.storedCheckpoint(projection)?.position ?? null,
        lastError: run?.lastError ?? null,
      };
    });
  }

  /**
   * Resolves once every projection that listens to `event`'s stream has applied it, so
   * a client that wrote can read its write. Rejects after `timeoutMs`, or at once when
   * such a projection has failed.
   */
  async waitFor(
    event: Pick<RecordedEvent, 'stream' | 'position' | 'type'>,
    timeoutMs = 10_000,
  ): Promise<void> {
    const relevant = [...this.running.values()].filter((run) =>
      matchesFilter(run.projection.filter, event),
    );
    const reached = (): boolean =>
      relevant.every((run) => {
        if (run.state === 'failed') {
          throw new Error(`Projection ${run.projection.name} has failed: ${run.lastError ?? ''}`);
        }
        return (
          run.checkpoint !== undefined && comparePositions(run.checkpoint, event.position) >= 0
        );
      });
    if (reached()) return;
    await new Promise<void>((resolve, reject) => {
      const check = (): void => {
        try {
          if (!reached()) return;
          finish();
          resolve();
        } catch (error) {
          finish();
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`Read models did not reach ${event.position} within ${timeoutMs} ms`));
      }, timeoutMs);
      const finish = (): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
    });
  }

  /** Resolves once every projection has applied everything in the log now. */
  async waitForHead(timeoutMs = 10_000): Promise<void> {
    const head = await this.store.headPosition();
    if (head === undefined) return;
    const deadline = Date.now() + timeoutMs;
    for (const run of this.running.values()) {
      const [last] = await this.store.readAll({
        direction: 'backwards',
        limit: 1,
        filter: run.projection.filter,
      });
      if (last) await this.waitFor(last, Math.max(1, deadline - Date.now()));
    }
  }

  /** Drops a projection's tables and checkpoint and replays it from the start of the log. */
  async rebuild(name: string): Promise<void> {
    const projection = this.projections.find((p) => p.name === name);
    if (!projection) throw new Error(`No projection named ${name}`);
    const run = this.running.get(name);
    if (run) {
      run.abort.abort();
      await run.done;
    }
    this.reset(projection);
    this.startOne(projection);
  }

  private startOne(projection: Projection): void {
    const stored = this.storedCheckpoint(projection);
    if (stored && stored.version !== projection.version) this.reset(projection);
    projection.migrate(this.db);
    const run: Running = {
      projection,
      state: 'starting',
      checkpoint: this.storedCheckpoint(projection)?.position ?? undefined,
      lastError: undefined,
      abort: new AbortController(),
      done: Promise.resolve(),
    };
    this.running.set(projection.name, run);
    run.done = this.feed(run);
  }

  private async feed(run: Running): Promise<void> {
    const { projection } = run;
    const apply = projection.bind(this.db);
    const save = this.db.prepare<[string, number, string]>(
      `INSERT INTO projection_checkpoints (name, version, position) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET version = excluded.version, position = excluded.position`,
    );
    const commit = this.db.transaction((events: RecordedEvent[]) => {
      for (const event of events) apply(event);
      const last = events[events.length - 1];
      if (last) save.run(projection.name, projection.version, last.position);
    });
    run.state = 'live';
    try {
      const events = this.store.subscribeToAll({
        from: run.checkpoint,
        filter: projection.filter,
        signal: run.abort.signal,
      });
      for await (const batch of batches(events, BATCH_SIZE)) {
        commit(batch);
        run.checkpoint = batch[batch.length - 1]?.position ?? run.checkpoint;
        this.wake();
      }
      run.state = 'stopped';
    } catch (error) {
      // Never a silent skip: the projection stops at the event that failed, visibly.
      run.state = 'failed';
      run.lastError = error instanceof Error ? error.message : String(error);
      this.wake();
    }
  }

  private reset(projection: Projection): void {
    this.db.transaction(() => {
      for (const table of projection.tables) this.db.exec(`DROP TABLE IF EXISTS "${table}"`);
      this.db.prepare('DELETE FROM projection_checkpoints WHERE name = ?').run(projection.name);
    })();
  }

  private storedCheckpoint(
    projection: Projection,
  ): { version: number; position: Position | null } | undefined {
    return this.db
      .prepare<[string], { version: number; position: Position | null }>(
        'SELECT version, position FROM projection_checkpoints WHERE name = ?',
      )
      .get(projection.name);
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
