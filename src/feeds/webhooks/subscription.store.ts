import type { SqliteDatabase } from '../../database/open-database';
import type { Position } from '../../event-store/position';
import type { SubscriptionFilter } from './subscription-filter';

export type SubscriptionState = 'active' | 'paused';

/**
 * A webhook subscription as stored. Subscriptions are delivery configuration, not
 * facts about the world, so they live in SQLite beside the read models and are not
 * events in the log: they can be changed and deleted, and a replay of the log does
 * not re-create them. The secret is kept in clear because every delivery is signed
 * with it; the SQLite file is already the service's sensitive boundary.
 */
export interface Subscription {
  readonly id: string;
  readonly url: string;
  readonly description: string | null;
  readonly filter: SubscriptionFilter;
  readonly secret: string;
  /** The secret a rotation replaced, still signing deliveries until `previousSecretExpiresAt`. */
  readonly previousSecret: string | null;
  readonly previousSecretExpiresAt: string | null;
  /**
   * The principal (API key id) that created it, who alone may see and manage it besides
   * operators; null for subscriptions stored before owners were kept (operators only).
   */
  readonly owner: string | null;
  /** The checkpoint: the last event acknowledged, or where delivery starts (exclusive); null is the start of the log. */
  readonly position: Position | null;
  readonly state: SubscriptionState;
  readonly pausedReason: string | null;
  readonly pausedAt: string | null;
  readonly consecutiveFailures: number;
  readonly lastDeliveredAt: string | null;
  readonly createdAt: string;
  /** Bumped by every operator change (resume, reset): a worker started on an older one stops writing. */
  readonly revision: number;
}

export interface DeliveryFailure {
  readonly position: Position;
  readonly eventId: string;
  readonly attempt: number;
  /** The receiver's HTTP status, or null when no response came (refused, timed out). */
  readonly status: number | null;
  readonly error: string;
  readonly at: string;
}

export interface FailureOutcome {
  readonly consecutiveFailures: number;
  readonly paused: boolean;
}

interface SubscriptionRow {
  id: string;
  url: string;
  description: string | null;
  filter: string;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: string | null;
  owner: string | null;
  position: string | null;
  state: SubscriptionState;
  paused_reason: string | null;
  paused_at: string | null;
  consecutive_failures: number;
  last_delivered_at: string | null;
  created_at: string;
  revision: number;
}

interface FailureRow {
  position: string;
  event_id: string;
  attempt: number;
  status: number | null;
  error: string;
  at: string;
}

/** How many failed attempts are kept per subscription, newest first. */
export const FAILURES_KEPT = 100;

/** The webhook tables of the service's SQLite file. */
export class SubscriptionStore {
  constructor(private readonly db: SqliteDatabase) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS webhook_subscriptions (
        id TEXT PRIMARY KEY,
        url TEXT NOT NULL,
        description TEXT,
        filter TEXT NOT NULL,
        secret TEXT NOT NULL,
        position TEXT,
        state TEXT NOT NULL CHECK (state IN ('active', 'paused')),
        paused_reason TEXT,
        paused_at TEXT,
        consecutive_failures INTEGER NOT NULL DEFAULT 0,
        last_delivered_at TEXT,
        created_at TEXT NOT NULL,
        revision INTEGER NOT NULL DEFAULT 0
      );
      CREATE TABLE IF NOT EXISTS webhook_failures (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        subscription_id TEXT NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
        position TEXT NOT NULL,
        event_id TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        status INTEGER,
        error TEXT NOT NULL,
        at TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS webhook_failures_by_subscription
        ON webhook_failures (subscription_id, seq);
    `);
    // Columns added after the table first shipped: a file from before gets them empty
    // (no previous secret; no owner, so only operators see those subscriptions).
    const columns = new Set(
      db
        .prepare<[], { name: string }>('PRAGMA table_info(webhook_subscriptions)')
        .all()
        .map((c) => c.name),
    );
    for (const column of ['previous_secret', 'previous_secret_expires_at', 'owner'])
      if (!columns.has(column))
        db.exec(`ALTER TABLE webhook_subscriptions ADD COLUMN ${column} TEXT`);
    db.exec(
      'CREATE INDEX IF NOT EXISTS webhook_subscriptions_by_owner ON webhook_subscriptions (owner)',
    );
  }

  /**
   * Stores a new subscription unless its owner already holds `cap` of them (checked in
   * the same transaction, so two concurrent requests cannot both pass it). False when
   * the cap refused it.
   */
  create(subscription: Omit<Subscription, 'revision'>, cap = Infinity): boolean {
    return this.db.transaction((): boolean => {
      if (subscription.owner !== null && this.countOwnedBy(subscription.owner) >= cap) return false;
      this.insert(subscription);
      return true;
    })();
  }

  /** How many subscriptions a principal owns (one indexed count). */
  countOwnedBy(owner: string): number {
    return (
      this.db
        .prepare<[string], { n: number }>(
          'SELECT COUNT(*) AS n FROM webhook_subscriptions WHERE owner = ?',
        )
        .get(owner)?.n ?? 0
    );
  }

  private insert(subscription: Omit<Subscription, 'revision'>): void {
    this.db
      .prepare(
        `INSERT INTO webhook_subscriptions (id, url, description, filter, secret, previous_secret,
           previous_secret_expires_at, owner, position, state, paused_reason, paused_at,
           consecutive_failures, last_delivered_at, created_at, revision)
         VALUES (@id, @url, @description, @filter, @secret, @previous_secret,
           @previous_secret_expires_at, @owner, @position, @state, @paused_reason, @paused_at,
           @consecutive_failures, @last_delivered_at, @created_at, 0)`,
      )
      .run({
        id: subscription.id,
        url: subscription.url,
        description: subscription.description,
        filter: JSON.stringify(subscription.filter),
        secret: subscription.secret,
        previous_secret: subscription.previousSecret,
        previous_secret_expires_at: subscription.previousSecretExpiresAt,
        owner: subscription.owner,
        position: subscription.position,
        state: subscription.state,
        paused_reason: subscription.pausedReason,
        paused_at: subscription.pausedAt,
        consecutive_failures: subscription.consecutiveFailures,
        last_delivered_at: subscription.lastDeliveredAt,
        created_at: subscription.createdAt,
      });
  }

  /** Every subscription, oldest first; with `owner`, only that principal's. */
  list(owner?: string): Subscription[] {
    const rows =
      owner === undefined
        ? this.db
            .prepare<[], SubscriptionRow>(
              'SELECT * FROM webhook_subscriptions ORDER BY created_at, id',
            )
            .all()
        : this.db
            .prepare<[string], SubscriptionRow>(
              'SELECT * FROM webhook_subscriptions WHERE owner = ? ORDER BY created_at, id',
            )
            .all(owner);
    return rows.map(fromRow);
  }

  /** How many subscriptions there are in each state, and their consecutive failures summed. */
  stateTotals(): { state: SubscriptionState; count: number; failures: number }[] {
    return this.db
      .prepare<[], { state: SubscriptionState; count: number; failures: number }>(
        `SELECT state, COUNT(*) AS count, SUM(consecutive_failures) AS failures
         FROM webhook_subscriptions GROUP BY state`,
      )
      .all();
  }

  /**
   * A new signing secret. The one it replaces keeps signing deliveries, beside the new
   * one, until `previousExpiresAt` (a rotation's grace); a rotation during another's
   * grace drops the older secret at once, so at most two ever sign.
   */
  rotateSecret(id: string, secret: string, previousExpiresAt: string): Subscription | undefined {
    this.db
      .prepare<[string, string, string]>(
        `UPDATE webhook_subscriptions SET previous_secret = secret,
           previous_secret_expires_at = ?, secret = ? WHERE id = ?`,
      )
      .run(previousExpiresAt, secret, id);
    return this.get(id);
  }

  /**
   * The secrets that sign a delivery made at `at`: the current one first, then the
   * previous one while its grace lasts. Read for each attempt, so a rotation takes effect
   * on the next attempt without restarting delivery.
   */
  signingSecrets(id: string, at: Date): [string, ...string[]] | undefined {
    const row = this.db
      .prepare<
        [string],
        Pick<SubscriptionRow, 'secret' | 'previous_secret' | 'previous_secret_expires_at'>
      >(
        'SELECT secret, previous_secret, previous_secret_expires_at FROM webhook_subscriptions WHERE id = ?',
      )
      .get(id);
    if (!row) return undefined;
    const previousLasts =
      row.previous_secret !== null &&
      row.previous_secret_expires_at !== null &&
      Date.parse(row.previous_secret_expires_at) > at.getTime();
    return previousLasts && row.previous_secret !== null
      ? [row.secret, row.previous_secret]
      : [row.secret];
  }

  get(id: string): Subscription | undefined {
    const row = this.db
      .prepare<[string], SubscriptionRow>('SELECT * FROM webhook_subscriptions WHERE id = ?')
      .get(id);
    return row ? fromRow(row) : undefined;
  }

  delete(id: string): boolean {
    return (
      this.db.prepare<[string]>('DELETE FROM webhook_subscriptions WHERE id = ?').run(id).changes >
      0
    );
  }

  /**
   * The receiver acknowledged the event at `position`: the checkpoint moves to it and
   * the failure count clears. False when an operator changed the subscription since
   * `revision` (the worker that delivered is stale and must stop).
   */
  acknowledge(id: string, revision: number, position: Position, at: string): boolean {
    return (
      this.db
        .prepare<[string, string, string, number]>(
          `UPDATE webhook_subscriptions
           SET position = ?, consecutive_failures = 0, last_delivered_at = ?
           WHERE id = ? AND revision = ? AND state = 'active'`,
        )
        .run(position, at, id, revision).changes > 0
    );
  }

  /**
   * Records a failed attempt and counts it; at `maxFailures` consecutive failures the
   * subscription pauses with the error as its reason. Undefined when the worker is stale.
   */
  recordFailure(
    id: string,
    revision: number,
    failure: DeliveryFailure,
    maxFailures: number,
  ): FailureOutcome | undefined {
    return this.db.transaction((): FailureOutcome | undefined => {
      const row = this.db
        .prepare<[string, number], { consecutive_failures: number }>(
          `SELECT consecutive_failures FROM webhook_subscriptions
           WHERE id = ? AND revision = ? AND state = 'active'`,
        )
        .get(id, revision);
      if (!row) return undefined;
      const consecutiveFailures = row.consecutive_failures + 1;
      const paused = consecutiveFailures >= maxFailures;
      this.db
        .prepare(
          `INSERT INTO webhook_failures (subscription_id, position, event_id, attempt, status, error, at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          id,
          failure.position,
          failure.eventId,
          failure.attempt,
          failure.status,
          failure.error,
          failure.at,
        );
      this.db
        .prepare(
          `DELETE FROM webhook_failures WHERE subscription_id = ? AND seq NOT IN
             (SELECT seq FROM webhook_failures WHERE subscription_id = ? ORDER BY seq DESC LIMIT ?)`,
        )
        .run(id, id, FAILURES_KEPT);
      this.db
        .prepare(
          `UPDATE webhook_subscriptions SET consecutive_failures = ?,
             state = CASE WHEN ? THEN 'paused' ELSE state END,
             paused_reason = CASE WHEN ? THEN ? ELSE paused_reason END,
             paused_at = CASE WHEN ? THEN ? ELSE paused_at END
           WHERE id = ?`,
        )
        .run(
          consecutiveFailures,
          paused ? 1 : 0,
          paused ? 1 : 0,
          `${consecutiveFailures} consecutive failed deliveries of event ${failure.eventId} at ${failure.position}; the last: ${failure.error}`,
          paused ? 1 : 0,
          failure.at,
          id,
        );
      return { consecutiveFailures, paused };
    })();
  }

  /** Active again, from its checkpoint, with the failure count cleared. */
  resume(id: string): Subscription | undefined {
    this.db
      .prepare<[string]>(
        `UPDATE webhook_subscriptions SET state = 'active', paused_reason = NULL, paused_at = NULL,
           consecutive_failures = 0, revision = revision + 1 WHERE id = ?`,
      )
      .run(id);
    return this.get(id);
  }

  /** Moves the checkpoint (delivery goes on after `position`; null is the start of the log). */
  reset(id: string, position: Position | null): Subscription | undefined {
    this.db
      .prepare<[string | null, string]>(
        `UPDATE webhook_subscriptions SET position = ?, consecutive_failures = 0,
           revision = revision + 1 WHERE id = ?`,
      )
      .run(position, id);
    return this.get(id);
  }

  /** The most recent failed attempts, newest first. */
  failures(id: string, limit = FAILURES_KEPT): DeliveryFailure[] {
    return this.db
      .prepare<[string, number], FailureRow>(
        `SELECT position, event_id, attempt, status, error, at FROM webhook_failures
         WHERE subscription_id = ? ORDER BY seq DESC LIMIT ?`,
      )
      .all(id, limit)
      .map((row) => ({
        position: row.position as Position,
        eventId: row.event_id,
        attempt: row.attempt,
        status: row.status,
        error: row.error,
        at: row.at,
      }));
  }
}

function fromRow(row: SubscriptionRow): Subscription {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    filter: JSON.parse(row.filter) as SubscriptionFilter,
    secret: row.secret,
    previousSecret: row.previous_secret,
    previousSecretExpiresAt: row.previous_secret_expires_at,
    owner: row.owner,
    position: row.position as Position | null,
    state: row.state,
    pausedReason: row.paused_reason,
    pausedAt: row.paused_at,
    consecutiveFailures: row.consecutive_failures,
    lastDeliveredAt: row.last_delivered_at,
    createdAt: row.created_at,
    revision: row.revision,
  };
}
