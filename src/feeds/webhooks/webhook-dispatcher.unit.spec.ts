import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { openDatabase, type SqliteDatabase } from '../../database/open-database';
import type { RecordedEvent } from '../../event-store/event-store.port';
import { SqliteEventStore } from '../../event-store/sqlite/sqlite-event-store';
import { SubscriptionStore, type Subscription } from './subscription.store';
import { WebhookDispatcher } from './webhook-dispatcher';
import type { DeliveryRequest, DeliveryResult, WebhookSender } from './webhook-sender';
import { generateSecret } from './webhook-signature';

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
  let events: SqliteEventStore;
  let subscriptions: SubscriptionStore;
  let sender: HeldSender;
  let dispatcher: WebhookDispatcher;
  let mayDeliver: boolean;

  beforeEach(() => {
    db = openDatabase(':memory:');
    events = new SqliteEventStore(db, { pollIntervalMs: 10 });
    subscriptions = new SubscriptionStore(db);
    sender = new HeldSender();
    mayDeliver = true;
    dispatcher = new WebhookDispatcher(subscriptions, events, sender, {
      backoff: { baseMs: 1, capMs: 2 },
      maxFailures: 3,
      mayDeliver: () => mayDeliver,
      syncMs: 10,
    });
  });
  afterEach(async () => {
    await dispatcher.stop();
    await events.close();
    db.close();
  });

  async function append(n: number): Promise<RecordedEvent[]> {
    const stream = `dyad-a~b`;
    await events.append(
      stream,
      Array.from({ length: n }, () => ({
        id: randomUUID(),
        type: 'StatementRecorded',
        data: {},
        metadata: { schemaVersion: 1 },
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
});
