import type { SqliteDatabase } from '../../database/open-database';
import type { RecordedEvent } from '../../event-store/event-store.port';
import type { Projection, TableNames } from '../../projections/projection';
import { CAMEO_GOLDSTEIN, type IntensityTable } from '../domain/cameo-goldstein';
import { draftFromCreated, isRecordCreated } from '../domain/dyad';
import { asDyadEvent } from '../domain/dyad-event';
import { recordIntensity } from '../domain/intensity';
import { applyChanges, type RecordDraft } from '../domain/record';

/** A row of `record_versions`: one version of a record, valid over [valid_from, valid_to) of recorded time. */
export interface RecordVersionRow {
  record_id: string;
  version: number;
  stream: string;
  kind: string;
  source: string;
  target: string;
  occurred_at: string;
  occurred_at_ms: number;
  body: string;
  status: 'active' | 'retracted';
  outcome: string | null;
  intensity: number;
  intensity_source: string;
  intensity_code: string;
  event_type: string;
  revision: number;
  position: string;
  reason: string | null;
  changes: string | null;
  recorded_at: string;
  first_recorded_at: string;
  valid_from_ms: number;
  valid_to_ms: number | null;
}

/**
 * The records view: every version of every record, bitemporally. A correction closes
 * the current version at the correction's recorded time and opens a new one, so a
 * query `asOf` an instant reads the version valid then.
 */
/** The projection on a given intensity table (the repository's by default). */
export function createRecordsProjection(
  table: IntensityTable = CAMEO_GOLDSTEIN,
): Projection<'record_versions'> {
  return {
    name: 'records',
    // 2: the index of current versions by dyad and kind (the record list's filter).
    version: 2 + table.version * 1000,
    filter: { by: 'streamPrefix', prefixes: ['dyad-'] },
    tables: ['record_versions'],

    schema({ record_versions: t }: TableNames<'record_versions'>): string {
      return `
      CREATE TABLE ${t} (
        record_id TEXT NOT NULL, version INTEGER NOT NULL, stream TEXT NOT NULL,
        kind TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL,
        occurred_at TEXT NOT NULL, occurred_at_ms INTEGER NOT NULL,
        body TEXT NOT NULL, status TEXT NOT NULL, outcome TEXT,
        intensity REAL NOT NULL, intensity_source TEXT NOT NULL, intensity_code TEXT NOT NULL,
        event_type TEXT NOT NULL, revision INTEGER NOT NULL, position TEXT NOT NULL,
        reason TEXT, changes TEXT, recorded_at TEXT NOT NULL, first_recorded_at TEXT NOT NULL,
        valid_from_ms INTEGER NOT NULL, valid_to_ms INTEGER,
        PRIMARY KEY (record_id, version)
      );
      CREATE INDEX ${t}_current ON ${t} (occurred_at_ms, record_id) WHERE valid_to_ms IS NULL;
      CREATE INDEX ${t}_by_time ON ${t} (occurred_at_ms, record_id);
      CREATE INDEX ${t}_by_dyad ON ${t} (source, target, occurred_at_ms);
      CREATE INDEX ${t}_current_by_dyad ON ${t} (source, target, kind, occurred_at_ms, record_id)
        WHERE valid_to_ms IS NULL;
    `;
    },

    bind(db: SqliteDatabase, { record_versions: t }: TableNames<'record_versions'>) {
      const current = db.prepare<[string], RecordVersionRow>(
        `SELECT * FROM ${t} WHERE record_id = ? AND valid_to_ms IS NULL`,
      );
      const close = db.prepare<[number, string, number]>(
        `UPDATE ${t} SET valid_to_ms = ? WHERE record_id = ? AND version = ?`,
      );
      const insert = db.prepare<RecordVersionRow>(`
      INSERT INTO ${t} VALUES (
        @record_id, @version, @stream, @kind, @source, @target, @occurred_at, @occurred_at_ms,
        @body, @status, @outcome, @intensity, @intensity_source, @intensity_code,
        @event_type, @revision, @position, @reason, @changes, @recorded_at, @first_recorded_at,
        @valid_from_ms, @valid_to_ms)`);

      const versionRow = (
        record: RecordDraft,
        event: RecordedEvent,
        previous: RecordVersionRow | undefined,
        extra: Partial<RecordVersionRow>,
      ): RecordVersionRow => {
        const intensity = recordIntensity(record, table);
        return {
          record_id: record.id,
          version: (previous?.version ?? 0) + 1,
          stream: event.stream,
          kind: record.kind,
          source: record.source,
          target: record.target,
          occurred_at: record.occurredAt,
          occurred_at_ms: Date.parse(record.occurredAt),
          body: JSON.stringify(record),
          status: previous?.status ?? 'active',
          outcome: previous?.outcome ?? null,
          intensity: intensity.value,
          intensity_source: intensity.source,
          intensity_code: intensity.code,
          event_type: event.type,
          revision: event.revision,
          position: event.position,
          reason: null,
          changes: null,
          recorded_at: event.recordedAt,
          first_recorded_at: previous?.first_recorded_at ?? event.recordedAt,
          valid_from_ms: Date.parse(event.recordedAt),
          valid_to_ms: null,
          ...extra,
        };
      };

      return (event: RecordedEvent): void => {
        const dyadEvent = asDyadEvent(event);
        if (!dyadEvent) return;
        if (isRecordCreated(dyadEvent)) {
          insert.run(versionRow(draftFromCreated(dyadEvent.data), event, undefined, {}));
          return;
        }
        const previous = current.get(dyadEvent.data.recordId);
        if (!previous) return;
        const record = JSON.parse(previous.body) as RecordDraft;
        let next: RecordVersionRow;
        switch (dyadEvent.type) {
          case 'RecordCorrected':
            next = versionRow(applyChanges(record, dyadEvent.data.changes), event, previous, {
              reason: dyadEvent.data.reason,
              changes: JSON.stringify(dyadEvent.data.changes),
            });
            break;
          case 'RecordRetracted':
            next = versionRow(record, event, previous, {
              status: 'retracted',
              reason: dyadEvent.data.reason,
            });
            break;
          case 'ThreatOutcomeRecorded':
            next = versionRow(record, event, previous, {
              outcome: JSON.stringify({
                outcome: dyadEvent.data.outcome,
                occurredAt: dyadEvent.data.occurredAt,
                ...(dyadEvent.data.note === undefined ? {} : { note: dyadEvent.data.note }),
                recordedAt: event.recordedAt,
              }),
              reason: dyadEvent.data.note ?? null,
            });
            break;
        }
        close.run(next.valid_from_ms, previous.record_id, previous.version);
        insert.run(next);
      };
    },
  };
}

export const recordsProjection = createRecordsProjection();
