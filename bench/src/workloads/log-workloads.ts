import Database from 'better-sqlite3';
import { openDatabase } from '../../../src/database/open-database';
import { UpcastingEventStore } from '../../../src/event-store/upcasting/upcasting-event-store';
import type { RecordedEvent } from '../../../src/event-store/event-store.port';
import type { Position } from '../../../src/event-store/position';
import { matchesFilter } from '../../../src/projections/projection';
import { ProjectionRunner } from '../../../src/projections/projection-runner';
import { generationNames, ProjectionStore } from '../../../src/projections/projection-store';
import { PARLEY_EVENT_TYPES } from '../../../src/app/parley-event-types';
import { PARLEY_PROJECTIONS } from '../../../src/app/parley-projections';
import { RECORD_CREATED_TYPES } from '../../../src/records/domain/dyad';
import { intensityOf } from '../../../src/records/domain/intensity';
import type { RecordKind } from '../../../src/records/domain/record';
import { toneProjection } from '../../../src/records/get-tone/tone.projection';
import { generatedLog, type LogShape } from '../dataset';
import {
  HOT_SOURCE,
  HOT_TARGET,
  ROLLUP_SOURCE,
  ROLLUP_TARGET,
  rollupMember,
  SPAN_FROM,
  SPAN_TO,
} from '../scale';
import { latencyLoop, timed } from './measure';
import { parleyStore } from './stores';

export interface GenerateResult {
  readonly events: number;
  readonly appendEventsPerSecond: number;
  /** The three read models (actors, records, tone) filled from the log by their own apply functions. */
  readonly readModelsEventsPerSecond: number;
}

/** Events per read and per read-model transaction while the generated log is projected. */
const PROJECT_PAGE = 5_000;

/**
 * Writes the log the rebuild and query workloads share, through the port in large
 * batches into a fresh file; fills the read models; checkpoints the WAL so that the file
 * can be copied for each workload.
 *
 * The read models are filled by the projections' own `bind()` functions over the log
 * read once in large pages, with each projection's checkpoint set to the head: the same
 * rows the runner writes (a projection depends only on the log), in a fraction of the
 * time, so that the default run fits its ten minutes. The runner itself is measured by
 * the rebuild workload.
 */
export async function runGenerate(file: string, shape: LogShape): Promise<GenerateResult> {
  const { store, db } = parleyStore(file);
  // Setting the stage, not a measurement: no fsync per commit and a page cache that holds
  // the indexes, so that a million events are written in a minute or two. Every workload
  // then opens its copy of the file with parley's own settings.
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -524288');
  let events = 0;
  const appendSeconds = await timed(async () => {
    for (const { stream, events: batch } of generatedLog(shape)) {
      await store.append(stream, batch, 'any');
      events += batch.length;
    }
  });
  const state = new ProjectionStore(db);
  const projections = PARLEY_PROJECTIONS.map((projection) => {
    if (!state.row(projection.name)) state.createFirst(projection);
    return {
      projection,
      apply: projection.bind(db, generationNames(projection, 1)),
      checkpoint: state.checkpointWriters(projection.name),
    };
  });
  const applyPage = db.transaction((page: RecordedEvent[]) => {
    const last = page[page.length - 1];
    if (!last) return;
    for (const { projection, apply, checkpoint } of projections) {
      for (const event of page) if (matchesFilter(projection.filter, event)) apply(event);
      checkpoint.live(last.position);
    }
  });
  const upcasting = new UpcastingEventStore(store, PARLEY_EVENT_TYPES);
  const projectSeconds = await timed(async () => {
    let from: Position | undefined;
    for (;;) {
      const page = await upcasting.readAll({ ...(from ? { from } : {}), limit: PROJECT_PAGE });
      applyPage(page);
      const last = page[page.length - 1];
      if (!last || page.length < PROJECT_PAGE) break;
      from = last.position;
    }
  });
  await store.close();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return {
    events,
    appendEventsPerSecond: events / appendSeconds,
    readModelsEventsPerSecond: events / projectSeconds,
  };
}

/**
 * An operator's rebuild of the tone projection, as `POST /admin/projections/tone/rebuild`
 * runs it: a new generation filled from the start of the log beside the live one, then
 * swapped in. Timed from the request to the swap.
 */
export async function runRebuild(
  file: string,
): Promise<{ eventsPerSecond: number; events: number; seconds: number }> {
  const { store, db } = parleyStore(file);
  const events = await store.countEvents({ filter: toneProjection.filter });
  const runner = new ProjectionRunner(db, new UpcastingEventStore(store, PARLEY_EVENT_TYPES), [
    toneProjection,
  ]);
  runner.start();
  const before = runner.statusOf('tone').generation;
  const seconds = await timed(async () => {
    await runner.rebuild('tone');
    for (;;) {
      const status = runner.statusOf('tone');
      if (status.lastError) throw new Error(`The rebuild failed: ${status.lastError.message}`);
      if (status.rebuild === null && status.generation !== before) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  });
  await runner.stop();
  await store.close();
  db.close();
  return { eventsPerSecond: events / seconds, events, seconds };
}

const CREATED_TYPES = new Set<string>(Object.values(RECORD_CREATED_TYPES));

interface BareEventRow {
  type: string;
  data: string;
  recorded_at: string;
}

/**
 * The limit of a rebuild: the same dyad events read in log order by one bare statement
 * a page of 1,000 at a time, and the same tone rows written (a row per record, a
 * correction of its tone closing one row and opening the next, a retraction closing
 * one), a transaction per page.
 */
export async function runBareRebuild(
  file: string,
): Promise<{ eventsPerSecond: number; events: number; seconds: number }> {
  const db = openDatabase(file);
  const table = 'tone_points_bare';
  db.exec(toneProjection.schema({ tone_points: table }));
  const page = db.prepare<[number], BareEventRow & { position: number }>(
    `SELECT position, type, data, recorded_at FROM events
     WHERE position > ? AND substr(stream, 1, 5) = 'dyad-' ORDER BY position LIMIT 1000`,
  );
  const insert = db.prepare(
    `INSERT INTO ${table} (record_id, version, source, target, kind, occurred_at, occurred_at_ms,
       code, intensity, tone, valid_from_ms, valid_to_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`,
  );
  const current = db.prepare<
    [string],
    {
      version: number;
      source: string;
      target: string;
      kind: RecordKind;
      occurred_at: string;
      occurred_at_ms: number;
      code: string | null;
      intensity: number;
      tone: number | null;
    }
  >(`SELECT * FROM ${table} WHERE record_id = ? AND valid_to_ms IS NULL`);
  const close = db.prepare(
    `UPDATE ${table} SET valid_to_ms = ? WHERE record_id = ? AND version = ?`,
  );
  let events = 0;
  const applyPage = db.transaction((rows: BareEventRow[]) => {
    for (const row of rows) {
      const data = JSON.parse(row.data) as Record<string, unknown> & { recordId: string };
      const recordedMs = Date.parse(row.recorded_at);
      if (CREATED_TYPES.has(row.type)) {
        const kind = data.kind as RecordKind;
        const code = data.code as string | undefined;
        insert.run(
          data.recordId,
          1,
          data.source,
          data.target,
          kind,
          data.occurredAt,
          Date.parse(data.occurredAt as string),
          code ?? null,
          intensityOf(kind, code).value,
          data.tone ?? null,
          recordedMs,
        );
      } else {
        const previous = current.get(data.recordId);
        if (previous) {
          close.run(recordedMs, data.recordId, previous.version);
          const changes = data.changes as { tone?: number } | undefined;
          if (row.type === 'RecordCorrected' && changes?.tone !== undefined) {
            insert.run(
              data.recordId,
              previous.version + 1,
              previous.source,
              previous.target,
              previous.kind,
              previous.occurred_at,
              previous.occurred_at_ms,
              previous.code,
              previous.intensity,
              changes.tone,
              recordedMs,
            );
          }
        }
      }
    }
  });
  const seconds = await timed(() => {
    let from = 0;
    for (;;) {
      const rows = page.all(from);
      applyPage(rows);
      events += rows.length;
      const last = rows[rows.length - 1];
      if (!last) break;
      from = last.position;
    }
  });
  db.close();
  return { eventsPerSecond: events / seconds, events, seconds };
}

/**
 * The limit of the reads: the same rows fetched by the same SQL in-process on a bare
 * connection, no HTTP, no bucketing, no JSON (the tone rows of the busy dyad over the
 * ten years; a page of 51 of its threats since 2020; the tone rows of the roll-up's
 * member pairs over the ten years).
 */
export function runBareQueries(
  file: string,
  seconds: number,
  rollupMembers: number,
): Record<string, { perSecond: number; p50Ms: number; p99Ms: number }> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const tone = db.prepare(
    `SELECT * FROM tone_points WHERE source = ? AND target = ? AND occurred_at_ms >= ? AND occurred_at_ms < ?
       AND valid_to_ms IS NULL ORDER BY occurred_at_ms, record_id`,
  );
  const records = db.prepare(
    `SELECT * FROM record_versions WHERE valid_to_ms IS NULL AND status = 'active' AND source = ? AND target = ?
       AND kind = 'threat' AND occurred_at_ms >= ? ORDER BY occurred_at_ms ASC, record_id ASC LIMIT 51`,
  );
  const members = (state: string): string[] =>
    Array.from({ length: rollupMembers }, (_, i) => rollupMember(state, i));
  const placeholders = `(${Array.from({ length: rollupMembers }, () => '?').join(', ')})`;
  const rollup = db.prepare(
    `SELECT * FROM tone_points WHERE source IN ${placeholders} AND target IN ${placeholders}
       AND occurred_at_ms >= ? AND occurred_at_ms < ? AND valid_to_ms IS NULL
       ORDER BY occurred_at_ms, record_id`,
  );
  const rollupParams = [...members(ROLLUP_SOURCE), ...members(ROLLUP_TARGET)];
  const fromMs = Date.parse(`${SPAN_FROM}T00:00:00+03:00`);
  const toMs = Date.parse(`${SPAN_TO}T00:00:00+03:00`);
  const since2020 = Date.parse('2020-01-01T00:00:00Z');
  const figures = {
    tone: latencyLoop(seconds, () => tone.all(HOT_SOURCE, HOT_TARGET, fromMs, toMs)),
    records: latencyLoop(seconds, () => records.all(HOT_SOURCE, HOT_TARGET, since2020)),
    rollup: latencyLoop(seconds, () => rollup.all(...rollupParams, fromMs, toMs)),
  };
  db.close();
  return figures;
}
