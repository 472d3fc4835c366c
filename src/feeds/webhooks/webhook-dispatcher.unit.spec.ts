import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { openDatabase, type SqliteDatabase } from '../../database/open-database';
import { Webhook } from 'standardwebhooks';
import type {
  ReadAllOptions,
  RecordedEvent,
  SubscribeToAllOptions,
} from '../../event-store/event-store.port';
import { SqliteEventStore } from '../../event-store/sqlite/sqlite-event-store';
import { SubscriptionStore, type Subscription } from './subscription.store';
import { WebhookDispatcher } from './webhook-dispatcher';
import type { DeliveryRequest, DeliveryResult, WebhookSender } from './webhook-sender';
import { generateSecret } from './webhook-signature';

/**
 * The embedded store, recording how the dispatcher reads: the size of each page it asks
 * for, and how many events each live subscription gave it. A live subscription buffers
 * whatever backlog lies after its start (all of it, on EventStoreDB), so catching up
 * through one is what held 20 MB per subscription behind a failing receiver.
 */
class CountingStore extends SqliteEventStore {
  readonly pageLimits: (number | undefined)[] = [];
  readonly streamed: number[] = [];

  override async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    this.pageLimits.push(options?.limit);
    return super.readAll(options);
  }

  override async *subscribeToAll(options?: SubscribeToAllOptions): AsyncIterable<RecordedEvent> {
    const index = this.streamed.push(0) - 1;
    for await (const event of super.subscribeToAll(options)) {
      this.streamed[index] = (this.streamed[index] ?? 0) + 1;
      yield event;
    }
  }
}

/** A sender whose every attempt waits until the test answers it (or the attempt is aborted). */
class HeldSender implements WebhookSender {
  readonly pending: { request: DeliveryRequest; answer: (result: DeliveryResult) => void }[] = [];
  readonly sent: string[] = [];

  send(request: DeliveryRequest): Promise<DeliveryResult> {
    this.sent.push(request.headers['webhook-id'] ?? '');
    return new Promise((resolve) => {
      request.signal.addEventListener('abort', () =>
        resolve({ ok: false, status: null, error: 'aborted' }),
      );
      this.pending.push({ request, answer: resolve });
    });
  }

  async next(): Promise<{ request: DeliveryRequest; answer: (result: DeliveryResult) => void }> {
    for (let i = 0; i < 200; i++) {
      const first = this.pending.shift();
      if (first) return first;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error('No delivery was attempted');
  }
}

describe('WebhookDispatcher', () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });
  let db: SqliteDatabase;
  let events: CountingStore;
  let subscriptions: SubscriptionStore;
  let sender: HeldSender;
  let dispatcher: WebhookDispatcher;
  let mayDeliver: boolean;

  beforeEach(() => {
    db = openDatabase(':memory:');
    events = new CountingStore(db, { pollIntervalMs: 10 });
    subscriptions = new SubscriptionStore(db);
    sender = new HeldSender();
    mayDeliver = true;
    dispatcher = new WebhookDispatcher(subscriptions, events, sender, {
      backoff: { baseMs: 1, capMs: 2 },
      maxFailures: 3,
      mayDeliver: () => mayDeliver,
      syncMs: 10,
      pageSize: 10,
    });
  });
  afterEach(async () => {
    await dispatcher.stop();
    await events.close();
    db.close();
  });

  async function append(n: number, traceparent?: string): Promise<RecordedEvent[]> {
    const stream = `dyad-a~b`;
    await events.append(
      stream,
      Array.from({ length: n }, () => ({
        id: randomUUID(),
        type: 'StatementRecorded',
        data: {},
        metadata: { schemaVersion: 1, ...(traceparent ? { traceparent } : {}) },
      })),
      'any',
    );
    return events.readStream(stream);
  }

  function subscribe(): Subscription {
    const subscription = {
      id: randomUUID(),
      url: 'http://receiver.test/hooks',
      description: null,
      filter: {},
      secret: generateSecret(),
      previousSecret: null,
      previousSecretExpiresAt: null,
      owner: 'key:000000000000',
      position: null,
      state: 'active' as const,
      pausedReason: null,
      pausedAt: null,
      consecutiveFailures: 0,
      lastDeliveredAt: null,
      createdAt: new Date().toISOString(),
    };
    subscriptions.create(subscription);
    return { ...subscription, revision: 0 };
  }

  it('moves the checkpoint only on acknowledgement, and leaves it when stopped mid-attempt', async () => {
    const [first, second] = await append(2);
    const { id } = subscribe();
    dispatcher.start();
    (await sender.next()).answer({ ok: true, status: 204 });
    const inFlight = await sender.next();
    expect(inFlight.request.headers['webhook-id']).toBe(second?.id);
    await dispatcher.stop();
    expect(subscriptions.get(id)?.position).toBe(first?.position);
  });

  it('never lets an acknowledgement from before a reset move the reset checkpoint', async () => {
    const [first] = await append(2);
    const { id } = subscribe();
    dispatcher.start();
    const held = await sender.next();
    expect(held.request.headers['webhook-id']).toBe(first?.id);
    // The operator resets (another process, say) while the attempt is in flight.
    subscriptions.reset(id, null);
    held.answer({ ok: true, status: 200 });
    (await sender.next()).answer({ ok: true, status: 200 });
    // The next worker starts again from the start: the first event is sent again.
    expect(sender.sent.slice(0, 2)).toEqual([first?.id, first?.id]);
  });

  it('pauses after the configured failures, and counts the attempts', async () => {
    await append(1);
    const { id } = subscribe();
    dispatcher.start();
    for (let i = 0; i < 3; i++)
      (await sender.next()).answer({ ok: false, status: 503, error: 'HTTP 503' });
    for (let i = 0; i < 100 && subscriptions.get(id)?.state !== 'paused'; i++)
      await new Promise((resolve) => setTimeout(resolve, 5));
    expect(subscriptions.get(id)).toMatchObject({ state: 'paused', consecutiveFailures: 3 });
    expect(subscriptions.failures(id).map((f) => f.attempt)).toEqual([3, 2, 1]);
    expect(subscriptions.get(id)?.pausedReason).toMatch(/HTTP 503/);
  });

  it('sends nothing from a process that does not hold the lease', async () => {
    mayDeliver = false;
    await append(1);
    subscribe();
    dispatcher.start();
    expect(dispatcher.isDelivering()).toBe(false);
    await new Promise((resolve) => setImmediate(resolve));
    expect(sender.sent).toEqual([]);
    mayDeliver = true;
    expect((await sender.next()).request.url).toBe('http://receiver.test/hooks');
  });

  it('reads a backlog in pages of its page size, never through a live subscription', async () => {
    const backlog = await append(35);
    subscribe();
    dispatcher.start();
    for (let i = 0; i < 35; i++) (await sender.next()).answer({ ok: true, status: 200 });
    expect(sender.sent).toEqual(backlog.map((e) => e.id));
    expect(events.pageLimits.length).toBeGreaterThanOrEqual(4);
    expect(events.pageLimits.every((limit) => limit !== undefined && limit <= 10)).toBe(true);
    // A live subscription only says that something new is there.
    expect(Math.max(0, ...events.streamed)).toBeLessThanOrEqual(1);
  });

  it('follows the log live after catching up, in order', async () => {
    const [first] = await append(1);
    subscribe();
    dispatcher.start();
    (await sender.next()).answer({ ok: true, status: 200 });
    const [, second] = await append(1);
    const next = await sender.next();
    expect(next.request.headers['webhook-id']).toBe(second?.id);
    expect(sender.sent).toEqual([first?.id, second?.id]);
  });

  it("signs with the old and the new secret during a rotation's grace, then with the new one only", async () => {
    await append(2);
    const { id, secret: old } = subscribe();
    const rotated = generateSecret();
    subscriptions.rotateSecret(id, rotated, new Date(Date.now() + 60_000).toISOString());
    dispatcher.start();
    const during = await sender.next();
    const verify = (secret: string, request: DeliveryRequest) => () =>
      new Webhook(secret).verify(request.body, { ...request.headers });
    expect(verify(old, during.request)).not.toThrow();
    expect(verify(rotated, during.request)).not.toThrow();

    // The grace is over (an expiry in the past): only the new secret signs.
    subscriptions.rotateSecret(id, generateSecret(), new Date(Date.now() - 1).toISOString());
    during.answer({ ok: true, status: 200 });
    const after = await sender.next();
    const current = subscriptions.get(id)?.secret ?? '';
    expect(after.request.headers['webhook-signature']?.split(' ')).toHaveLength(1);
    expect(verify(current, after.request)).not.toThrow();
    expect(verify(rotated, after.request)).toThrow();
    expect(verify(old, after.request)).toThrow();
  });

  it("passes the writer's trace context on, as a header and as the CloudEvent's traceparent", async () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    await append(1, traceparent);
    await append(1, 'not a trace context\r\nx-injected: 1');
    subscribe();
    dispatcher.start();
    const traced = await sender.next();
    expect(traced.request.headers.traceparent).toBe(traceparent);
    expect(JSON.parse(traced.request.body)).toMatchObject({ traceparent });
    traced.answer({ ok: true, status: 200 });
    const untraced = await sender.next();
    expect(untraced.request.headers).not.toHaveProperty('traceparent');
    expect(JSON.parse(untraced.request.body)).not.toHaveProperty('traceparent');
  });
});
