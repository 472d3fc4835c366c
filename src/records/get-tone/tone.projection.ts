import type { SqliteDatabase } from '../../database/open-database';
import type { RecordedEvent } from '../../event-store/event-store.port';
import type { Projection, TableNames } from '../../projections/projection';
import { CAMEO_GOLDSTEIN, type IntensityTable } from '../domain/cameo-goldstein';
import { isRecordCreated } from '../domain/dyad';
import { asDyadEvent } from '../domain/dyad-event';
import { intensityOf, recordIntensity } from '../domain/intensity';
import type { RecordKind } from '../domain/record';
import { SAME_EVENT_RULE, sameEventKey, type SameEventRule } from '../domain/same-event';

/** A row of `tone_points`: one record's contribution to tone, valid over a span of recorded time. */
export interface TonePointRow {
  record_id: string;
  version: number;
  source: string;
  target: string;
  kind: RecordKind;
  occurred_at: string;
  occurred_at_ms: number;
  /**
   * What a correction re-derives `intensity` from: the record's CAMEO code (null without
   * one), or, for a record weighed by its dataset row (`origin.intensity`), that code
   * after {@link DATASET_WEIGHT_MARK}, since that weight never changes with the code.
   */
  code: string | null;
  intensity: number;
  tone: number | null;
  valid_from_ms: number;
  valid_to_ms: number | null;
  /** The origin's dataset and row id (null for a hand-coded record): what the event key is derived from. */
  dataset: string | null;
  origin_id: string | null;
  /** The origin's counts, which `weight=mentions|sources|articles` weighs by (null: weighs 1). */
  mentions: number | null;
  sources: number | null;
  articles: number | null;
  /** GDELT IsRootEvent as 1 or 0; null where the row does not say (a hand-coded record counts as root). */
  root: number | null;
  /** {@link sameEventKey} under the projection's rule: the reports of one event share it; null for an event of its own. */
  event_key: string | null;
}

/**
 * Marks the `code` of a record whose intensity is its dataset row's own (`=1312`, or
 * `=` without a code): no CAMEO code starts with it. The mark lives in the code column
 * so that the table's columns, and the rows of every record before datasets came in,
 * stay as they were: the projection's version did not change.
 */
export const DATASET_WEIGHT_MARK = '=';

/** The tone view's table: a narrow, bitemporal row per version of each record, holding
 * just what the series need. Buckets are cut at query time, because their boundaries
 * depend on the zone the analyst asks for. A retraction closes the record's row and
 * opens none; a correction that changes the time, the code or the tone closes it and
 * opens a new one.
 */
/** The projection on a given intensity table (the repository's by default) and same-event rule. */
export function createToneProjection(
  table: IntensityTable = CAMEO_GOLDSTEIN,
  sameEvent: SameEventRule = SAME_EVENT_RULE,
): Projection<'tone_points'> {
  return {
    name: 'tone',
    // The intensity table is part of what this projection computes: a new table re-scores history.
    // 2: the dyad index covers what the tone view reads (the tone view reads no table row).
    // 3: the origin's weights, root flag and the same-event key; the rule is part of the
    //    version too (+100 for `off`), so a changed rule rebuilds the table.
    version: 3 + (sameEvent === 'off' ? 100 : 0) + table.version * 1000,
    filter: { by: 'streamPrefix', prefixes: ['dyad-'] },
    tables: ['tone_points'],

    schema({ tone_points: t }: TableNames<'tone_points'>): string {
      return `
      CREATE TABLE ${t} (
        record_id TEXT NOT NULL, version INTEGER NOT NULL,
        source TEXT NOT NULL, target TEXT NOT NULL, kind TEXT NOT NULL,
        occurred_at TEXT NOT NULL, occurred_at_ms INTEGER NOT NULL,
        code TEXT, intensity REAL NOT NULL, tone REAL,
        valid_from_ms INTEGER NOT NULL, valid_to_ms INTEGER,
        dataset TEXT, origin_id TEXT,
        mentions INTEGER, sources INTEGER, articles INTEGER, root INTEGER,
        event_key TEXT,
        PRIMARY KEY (record_id, version)
      );
      -- Covers the tone view's read (the range of a dyad, as of a recorded time, in
      -- occurrence then record order), so it never visits the table's rows.
      CREATE INDEX ${t}_by_dyad ON ${t} (
        source, target, occurred_at_ms, record_id,
        kind, intensity, tone, valid_from_ms, valid_to_ms
      );
      -- A record's current version is found by the primary key (record_id, version): a
      -- separate index of current rows cost every write one more B-tree, at a random place.
      -- The reports of an event (count=events, GET /records/{id}/reports).
      CREATE INDEX ${t}_by_event ON ${t} (event_key) WHERE event_key IS NOT NULL;
    `;
    },

    bind(db: SqliteDatabase, { tone_points: t }: TableNames<'tone_points'>) {
      const current = db.prepare<[string], TonePointRow>(
        `SELECT * FROM ${t} WHERE record_id = ? AND valid_to_ms IS NULL`,
      );
      const close = db.prepare<[number, string, number]>(
        `UPDATE ${t} SET valid_to_ms = ? WHERE record_id = ? AND version = ?`,
      );
      const insert = db.prepare<TonePointRow>(`
      INSERT INTO ${t} VALUES (@record_id, @version, @source, @target, @kind, @occurred_at,
        @occurred_at_ms, @code, @intensity, @tone, @valid_from_ms, @valid_to_ms,
        @dataset, @origin_id, @mentions, @sources, @articles, @root, @event_key)`);

      return (event: RecordedEvent): void => {
        const dyadEvent = asDyadEvent(event);
        if (!dyadEvent) return;
        const recordedMs = Date.parse(event.recordedAt);
        if (isRecordCreated(dyadEvent)) {
          const { data } = dyadEvent;
          const intensity = recordIntensity(data, table);
          const { origin } = data;
          const weighedByRow = origin?.intensity !== undefined;
          insert.run({
            record_id: data.recordId,
            version: 1,
            source: data.source,
            target: data.target,
            kind: data.kind,
            occurred_at: data.occurredAt,
            occurred_at_ms: Date.parse(data.occurredAt),
            code: weighedByRow ? `${DATASET_WEIGHT_MARK}${data.code ?? ''}` : (data.code ?? null),
            intensity: intensity.value,
            tone: data.tone ?? null,
            valid_from_ms: recordedMs,
            valid_to_ms: null,
            dataset: origin?.dataset ?? null,
            origin_id: origin?.id ?? null,
            mentions: origin?.mentions ?? null,
            sources: origin?.sources ?? null,
            articles: origin?.articles ?? null,
            root: origin?.root === undefined ? null : origin.root ? 1 : 0,
            event_key: sameEventKey(
              {
                source: data.source,
                target: data.target,
                kind: data.kind,
                code: data.code,
                occurredAt: data.occurredAt,
                dataset: origin?.dataset,
                originId: origin?.id,
              },
              sameEvent,
            ),
          });
          return;
        }
        const previous = current.get(dyadEvent.data.recordId);
        if (!previous) return;
        if (dyadEvent.type === 'RecordRetracted') {
          close.run(recordedMs, previous.record_id, previous.version);
          return;
        }
        if (dyadEvent.type !== 'RecordCorrected') return;
        const { changes } = dyadEvent.data;
        if (
          changes.occurredAt === undefined &&
          changes.code === undefined &&
          changes.tone === undefined
        ) {
          return;
        }
        const occurredAt = changes.occurredAt ?? previous.occurred_at;
        const weighedByRow = previous.code?.startsWith(DATASET_WEIGHT_MARK) === true;
        const previousCode = weighedByRow ? previous.code?.slice(1) || null : previous.code;
        const code = changes.code === undefined ? previousCode : changes.code;
        const tone = changes.tone === undefined ? previous.tone : changes.tone;
        close.run(recordedMs, previous.record_id, previous.version);
        insert.run({
          ...previous,
          version: previous.version + 1,
          occurred_at: occurredAt,
          occurred_at_ms: Date.parse(occurredAt),
          code: weighedByRow ? `${DATASET_WEIGHT_MARK}${code ?? ''}` : code,
          intensity: weighedByRow
            ? previous.intensity
            : intensityOf(previous.kind, code ?? undefined, table).value,
          tone,
          valid_from_ms: recordedMs,
          valid_to_ms: null,
          // A corrected time or code may move the record to another event.
          event_key: sameEventKey(
            {
              source: previous.source,
              target: previous.target,
              kind: previous.kind,
              code,
              occurredAt,
              dataset: previous.dataset,
              originId: previous.origin_id,
            },
            sameEvent,
          ),
        });
      };
    },
  };
}

export const toneProjection = createToneProjection();
