import type { SqliteDatabase } from '../../database/open-database';
import type { RecordedEvent } from '../../event-store/event-store.port';
import type { Projection, TableNames } from '../../projections/projection';
import type { ActorEvent } from '../domain/actor';

export interface ActorRow {
  id: string;
  name: string;
  kind: string;
  aliases: string;
  country: string | null;
  registered_at: string;
}

export interface AffiliationRow {
  actor: string;
  parent: string;
  from_iso: string;
  from_ms: number;
  to_iso: string | null;
  to_ms: number | null;
  role: string | null;
  recorded_at_ms: number;
  position: string;
}

/** Actors and their affiliations, with the recorded time of each so roll-ups can go `asOf`. */
export const actorsProjection: Projection<'actors' | 'affiliations'> = {
  name: 'actors',
  version: 1,
  filter: { by: 'streamPrefix', prefixes: ['actor-'] },
  tables: ['actors', 'affiliations'],

  schema({ actors, affiliations }: TableNames<'actors' | 'affiliations'>): string {
    return `
      CREATE TABLE ${actors} (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, aliases TEXT NOT NULL,
        country TEXT, registered_at TEXT NOT NULL
      );
      CREATE TABLE ${affiliations} (
        actor TEXT NOT NULL, parent TEXT NOT NULL, from_iso TEXT NOT NULL, from_ms INTEGER NOT NULL,
        to_iso TEXT, to_ms INTEGER, role TEXT, recorded_at_ms INTEGER NOT NULL,
        position TEXT PRIMARY KEY
      );
      CREATE INDEX ${affiliations}_by_parent ON ${affiliations} (parent);
      CREATE INDEX ${affiliations}_by_actor ON ${affiliations} (actor);
    `;
  },

  bind(db: SqliteDatabase, { actors, affiliations }: TableNames<'actors' | 'affiliations'>) {
    const insertActor = db.prepare<ActorRow>(
      `INSERT INTO ${actors} VALUES (@id, @name, @kind, @aliases, @country, @registered_at)`,
    );
    const insertAffiliation = db.prepare<AffiliationRow>(
      `INSERT INTO ${affiliations} VALUES (@actor, @parent, @from_iso, @from_ms, @to_iso, @to_ms,
        @role, @recorded_at_ms, @position)`,
    );
    return (event: RecordedEvent): void => {
      const actorEvent = { type: event.type, data: event.data } as ActorEvent;
      switch (actorEvent.type) {
        case 'ActorRegistered': {
          const { data } = actorEvent;
          insertActor.run({
            id: data.id,
            name: data.name,
            kind: data.kind,
            aliases: JSON.stringify(data.aliases),
            country: data.country ?? null,
            registered_at: event.recordedAt,
          });
          return;
        }
        case 'ActorAffiliated': {
          const { data } = actorEvent;
          insertAffiliation.run({
            actor: data.actor,
            parent: data.parent,
            from_iso: data.from,
            from_ms: Date.parse(data.from),
            to_iso: data.to ?? null,
            to_ms: data.to === undefined ? null : Date.parse(data.to),
            role: data.role ?? null,
            recorded_at_ms: Date.parse(event.recordedAt),
            position: event.position,
          });
          return;
        }
      }
    };
  },
};
