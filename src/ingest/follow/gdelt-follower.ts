import { setTimeout as sleep } from 'node:timers/promises';
import type { DatasetFileReport, DatasetImporter } from '../import-dataset/dataset-importer';
import type { ActorMapFile } from '../import-dataset/actor-map-file';
import { FileRefused, type GdeltListName, type GdeltSource } from './gdelt-download';
import { byBatch, fileName, GDELT_BATCH_MS, type GdeltFileEntry } from './gdelt-file-list';
import type { IngestCheckpointStore } from './ingest-checkpoint.store';

/**
 * What the follower is doing: `off` before its first pass, `polling` while it reads
 * GDELT's lists, `importing` a file, `waiting` for the next poll, `stopped` after a
 * one-pass run or a shutdown.
 */
export type FollowState = 'off' | 'polling' | 'importing' | 'waiting' | 'stopped';

export interface FollowRun {
  /** Back-fill from GDELT's master list, every export from this instant on (first pass only). */
  readonly since?: Date;
  /** Who the records are recorded by (the events' `principal`). */
  readonly principal: string;
  /** Told of each file started, imported, refused or failed. */
  readonly onEvent?: (event: FollowEvent) => void;
}

export type FollowEvent =
  | { readonly event: 'importing'; readonly url: string; readonly batchAt: string }
  | {
      readonly event: 'imported';
      readonly url: string;
      readonly batchAt: string;
      readonly report: DatasetFileReport;
    }
  | { readonly event: 'refused' | 'failed'; readonly url: string; readonly message: string };

/** The last file the follower imported to its end, with its import's report. */
export interface LastIngestedFile {
  readonly url: string;
  readonly batchAt: string;
  readonly size: number;
  readonly md5: string;
  readonly finishedAt: string;
  readonly report: DatasetFileReport;
}

export interface IngestError {
  readonly at: string;
  /** The file or list it is about. */
  readonly url: string;
  /** `refused`: the bytes were not those announced; `failed`: a download or an import failed. */
  readonly kind: 'refused' | 'failed';
  readonly message: string;
}

export interface IngestStatus {
  readonly dataset: 'gdelt2';
  readonly state: FollowState;
  readonly baseUrl: string;
  readonly pollIntervalSeconds: number;
  readonly lastPollAt: string | null;
  /** Files in the checkpoint: imported to their end, by this process or an earlier one. */
  readonly filesDone: number;
  /** The file being imported now. */
  readonly current: { readonly url: string; readonly startedAt: string } | null;
  readonly lastFile: LastIngestedFile | null;
  readonly lastError: IngestError | null;
}

/** What this process has done, for the metrics (counters since start). */
export interface IngestTallies {
  readonly files: Readonly<Record<'imported' | 'refused' | 'failed', number>>;
  readonly rows: Readonly<Record<'taken' | 'unchanged' | 'skipped' | 'refused', number>>;
  /** When a file was last imported to its end, in seconds since the epoch. */
  readonly lastSuccessSeconds: number | null;
}

/** What one pass did. */
export interface PassOutcome {
  readonly imported: number;
  readonly refused: number;
  readonly failed: number;
}

export interface GdeltFollowerSettings {
  readonly baseUrl: string;
  readonly pollIntervalMs: number;
}

/**
 * Follows GDELT 2.0's 15-minute event exports: each pass reads `lastupdate.txt` (and,
 * to back-fill or to close a gap left while it was down, `masterfilelist.txt`), then
 * downloads each export not in the checkpoint, in batch order, checks its size and MD5,
 * imports it, and writes it to the checkpoint. A refused or failed file is reported and
 * tried again at the next poll; the files after it go on. One follower per process;
 * two processes following into one database repeat each other's work harmlessly (the
 * record ids make the second import of a row add nothing).
 */
export class GdeltFollower {
  private state: FollowState = 'off';
  private lastPollAt: string | null = null;
  private current: IngestStatus['current'] = null;
  private lastFile: LastIngestedFile | null = null;
  private lastError: IngestError | null = null;
  private readonly files = { imported: 0, refused: 0, failed: 0 };
  private readonly rows = { taken: 0, unchanged: 0, skipped: 0, refused: 0 };
  private lastSuccessSeconds: number | null = null;

  constructor(
    private readonly importer: Pick<DatasetImporter, 'importFile'>,
    private readonly actorMap: Pick<ActorMapFile, 'current'>,
    private readonly checkpoint: IngestCheckpointStore,
    private readonly source: GdeltSource,
    readonly settings: GdeltFollowerSettings,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  status(): IngestStatus {
    return {
      dataset: 'gdelt2',
      state: this.state,
      baseUrl: this.settings.baseUrl,
      pollIntervalSeconds: this.settings.pollIntervalMs / 1000,
      lastPollAt: this.lastPollAt,
      filesDone: this.checkpoint.count('gdelt2'),
      current: this.current,
      lastFile: this.lastFile,
      lastError: this.lastError,
    };
  }

  tallies(): IngestTallies {
    return {
      files: { ...this.files },
      rows: { ...this.rows },
      lastSuccessSeconds: this.lastSuccessSeconds,
    };
  }

  /** One pass: catches up to the latest export GDELT lists, then stops. */
  async catchUp(run: FollowRun): Promise<PassOutcome> {
    try {
      const { imported, refused, failed } = await this.pass(run, new Map(), undefined);
      return { imported, refused, failed };
    } finally {
      this.state = 'stopped';
    }
  }

  /**
   * Passes every poll interval until `signal` aborts; a file being imported is finished
   * first (its checkpoint written), so a clean stop never leaves one to repeat.
   */
  async follow(run: FollowRun, signal: AbortSignal): Promise<void> {
    const retry = new Map<string, GdeltFileEntry>();
    let since = run.since;
    try {
      while (!signal.aborted) {
        try {
          const outcome = await this.pass({ ...run, since }, retry, signal);
          if (outcome.listed) since = undefined;
        } catch (error) {
          // Not a file's fault (the checkpoint could not be read, say): reported, and
          // the next poll tries again rather than the follower stopping for good.
          this.fail('failed', this.source.listUrl('lastupdate.txt'), error, run);
        }
        if (signal.aborted) break;
        this.state = 'waiting';
        await sleep(this.settings.pollIntervalMs, undefined, { signal }).catch(() => undefined);
      }
    } finally {
      this.state = 'stopped';
      this.current = null;
    }
  }

  private async pass(
    run: FollowRun,
    retry: Map<string, GdeltFileEntry>,
    signal: AbortSignal | undefined,
  ): Promise<PassOutcome & { listed: boolean }> {
    this.state = 'polling';
    this.lastPollAt = this.clock().toISOString();
    const outcome = { imported: 0, refused: 0, failed: 0, listed: false };
    let listed: GdeltFileEntry[];
    try {
      listed = await this.listPending(run.since);
      outcome.listed = true;
    } catch (error) {
      const url = error instanceof ListFailed ? error.url : this.source.listUrl('lastupdate.txt');
      this.fail('failed', url, error instanceof ListFailed ? error.cause : error, run);
      return { ...outcome, failed: 1 };
    }
    const pending = new Map<string, GdeltFileEntry>();
    // The lists' entries after the retries: a file listed again with a new MD5 is
    // fetched as now listed.
    for (const entry of [...retry.values(), ...listed]) pending.set(entry.url, entry);
    for (const entry of [...pending.values()].sort(byBatch)) {
      if (signal?.aborted) break;
      if (this.checkpoint.isDone(entry.url)) {
        retry.delete(entry.url);
        continue;
      }
      const result = await this.ingest(entry, run);
      outcome[result] += 1;
      if (result === 'imported') retry.delete(entry.url);
      else retry.set(entry.url, entry);
    }
    return outcome;
  }

  /**
   * The exports to consider, in batch order: the latest one `lastupdate.txt` names and,
   * when files may lie between it and where we start (`since`, or the batch after the
   * checkpoint's latest), those the master list names in that span.
   */
  private async listPending(since: Date | undefined): Promise<GdeltFileEntry[]> {
    const latest = (await this.readList('lastupdate.txt')).at(-1);
    if (!latest) return [];
    const done = this.checkpoint.latest('gdelt2');
    const from = since?.toISOString();
    if (from !== undefined && latest.batchAt < from) return [];
    const needsMaster =
      from !== undefined
        ? latest.batchAt > from
        : done !== undefined &&
          Date.parse(latest.batchAt) - Date.parse(done.batchAt) > GDELT_BATCH_MS;
    if (!needsMaster) return [latest];
    const master = await this.readList('masterfilelist.txt');
    const inSpan = master.filter((entry) =>
      from !== undefined ? entry.batchAt >= from : entry.batchAt > done!.batchAt,
    );
    return [...inSpan.filter((entry) => entry.batchAt <= latest.batchAt), latest];
  }

  private async readList(name: GdeltListName): Promise<GdeltFileEntry[]> {
    try {
      return await this.source.list(name);
    } catch (error) {
      throw new ListFailed(this.source.listUrl(name), error);
    }
  }

  private async ingest(
    entry: GdeltFileEntry,
    run: FollowRun,
  ): Promise<'imported' | 'refused' | 'failed'> {
    this.state = 'importing';
    this.current = { url: entry.url, startedAt: this.clock().toISOString() };
    run.onEvent?.({ event: 'importing', url: entry.url, batchAt: entry.batchAt });
    try {
      const bytes = await this.source.download(entry);
      const report = await this.importer.importFile(
        fileName(entry),
        'gdelt2',
        bytes,
        {
          // One correlation per file: a repeat after a crash carries the same one.
          correlationId: `ingest-gdelt2-${fileName(entry)}`,
          principal: run.principal,
        },
        { actorMap: this.actorMap.current() },
      );
      // Only now, after the import's last batch: a file cut off before this line is
      // not done, and the next start imports it again.
      const file = this.checkpoint.finish(entry, report, this.clock());
      this.lastFile = { ...entry, finishedAt: file.finishedAt, report };
      this.files.imported += 1;
      this.rows.taken += report.taken;
      this.rows.unchanged += report.unchanged;
      this.rows.skipped += report.skipped;
      this.rows.refused += report.refused;
      this.lastSuccessSeconds = Date.parse(file.finishedAt) / 1000;
      run.onEvent?.({ event: 'imported', url: entry.url, batchAt: entry.batchAt, report });
      return 'imported';
    } catch (error) {
      const kind = error instanceof FileRefused ? 'refused' : 'failed';
      this.fail(kind, entry.url, error, run);
      return kind;
    } finally {
      this.current = null;
      this.state = 'polling';
    }
  }

  private fail(kind: 'refused' | 'failed', url: string, error: unknown, run: FollowRun): void {
    const message = error instanceof Error ? error.message : String(error);
    this.files[kind] += 1;
    this.lastError = { at: this.clock().toISOString(), url, kind, message };
    run.onEvent?.({ event: kind, url, message });
  }
}

/** A list that could not be read, with the list's URL. */
class ListFailed extends Error {
  override readonly name = 'ListFailed';
  constructor(
    readonly url: string,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}
