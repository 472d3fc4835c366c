import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { SqliteDatabase } from '../database/open-database';

interface LeaseRow {
  owner: string;
  pid: number;
  host: string;
  heartbeat_ms: number;
}

/** A holder that has not renewed for this long is taken for dead. */
const EXPIRY_MS = 15_000;
export const HEARTBEAT_MS = 3_000;

/**
 * Only one process applies the projections of a SQLite file: a server and a CLI command
 * (an import, a replay) on the same file must not both write the read models. The
 * lease is a row renewed by its holder; another process may take it when the holder
 * has stopped renewing, or at once when the holder's process, on this host, is gone.
 */
export class ProjectionLease {
  readonly owner = randomUUID();

  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => number = Date.now,
  ) {
    db.exec(`CREATE TABLE IF NOT EXISTS projection_lease (
      id INTEGER PRIMARY KEY CHECK (id = 1), owner TEXT NOT NULL, pid INTEGER NOT NULL,
      host TEXT NOT NULL, heartbeat_ms INTEGER NOT NULL
    )`);
  }

  /** Takes or renews the lease; false while another live process holds it. */
  acquire(): boolean {
    return this.db
      .transaction((): boolean => {
        const held = this.holder();
        if (held && held.owner !== this.owner && this.alive(held)) return false;
        this.db
          .prepare<[string, number, string, number]>(
            `INSERT INTO projection_lease (id, owner, pid, host, heartbeat_ms) VALUES (1, ?, ?, ?, ?)
             ON CONFLICT (id) DO UPDATE SET owner = excluded.owner, pid = excluded.pid,
               host = excluded.host, heartbeat_ms = excluded.heartbeat_ms`,
          )
          .run(this.owner, process.pid, hostname(), this.now());
        return true;
      })
      .immediate();
  }

  release(): void {
    this.db.prepare<[string]>('DELETE FROM projection_lease WHERE owner = ?').run(this.owner);
  }

  holder(): LeaseRow | undefined {
    return this.db
      .prepare<[], LeaseRow>('SELECT owner, pid, host, heartbeat_ms FROM projection_lease')
      .get();
  }

  private alive(lease: LeaseRow): boolean {
    if (this.now() - lease.heartbeat_ms > EXPIRY_MS) return false;
    if (lease.host !== hostname()) return true;
    try {
      process.kill(lease.pid, 0);
      return true;
    } catch (error) {
      // EPERM: the process exists but is not ours to signal; it is alive.
      return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
  }
}
