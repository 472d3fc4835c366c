import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HTTP, type CloudEvent } from 'cloudevents';
import { Webhook } from 'standardwebhooks';
import { EventStore } from '../../src/event-store/event-store.port';
import { cloudEventViolations } from '../../src/feeds/cloud-event';
import { spawnSync } from 'node:child_process';
import {
  PARLEY_BIN,
  freePort,
  startParleyProcess,
  type ParleyProcess,
} from '../support/parley-process';
import { startTestApp, type TestApp } from '../support/app';
import { api } from '../support/client';
import { createRecord, freshDyad, recordBody } from '../support/builders';
import { pollUntil } from '../support/waiting';
import { TEST_API_KEYS_ENV, TEST_KEYS } from '../support/api-keys';
import type { ProblemBody } from '../support/responses';

// Child processes and tens of thousands of events: allow for a loaded two-core machine.
jest.setTimeout(120_000);

// ---------------------------------------------------------------------------------------------
// A real receiver on loopback

interface Attempt {
  readonly id: string;
  readonly timestamp: string;
  readonly signature: string;
  readonly contentType: string;
  readonly body: string;
  /** Every header as it arrived (lower-case names). */
  readonly headers: Record<string, string>;
  /** What the receiver answered (0: it was closed before answering). */
  readonly status: number;
}

type Answer = (attempt: Omit<Attempt, 'status'>) => number | Promise<number>;

interface Receiver {
  readonly url: string;
  readonly attempts: Attempt[];
  /** The webhook-ids answered 2xx, in the order they were answered. */
  acknowledged(): string[];
  answer(with_: Answer): void;
  close(): Promise<void>;
}

async function startReceiver(answer: Answer = () => 200, port = 0): Promise<Receiver> {
  const attempts: Attempt[] = [];
  let current = answer;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const attempt = {
        id: String(req.headers['webhook-id']),
        timestamp: String(req.headers['webhook-timestamp']),
        signature: String(req.headers['webhook-signature']),
        contentType: String(req.headers['content-type']),
        body: Buffer.concat(chunks).toString('utf8'),
        headers: Object.fromEntries(
          Object.entries(req.headers).map(([name, value]) => [name, String(value)]),
        ),
      };
      void Promise.resolve(current(attempt)).then((status) => {
        attempts.push({ ...attempt, status });
        res.writeHead(status).end();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${bound}/hooks`,
    attempts,
    acknowledged: () => attempts.filter((a) => a.status >= 200 && a.status < 300).map((a) => a.id),
    answer: (next) => (current = next),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// ---------------------------------------------------------------------------------------------
// Helpers

interface SubscriptionBody {
  readonly id: string;
  readonly url: string;
  readonly filter: Record<string, string[]>;
  readonly secret?: string;
  readonly position: string | null;
  readonly state: 'active' | 'paused';
  readonly pausedReason: string | null;
  readonly consecutiveFailures: number;
  readonly lastDeliveredAt: string | null;
  readonly lag: { events: number };
}

interface FailureBody {
  readonly position: string;
  readonly eventId: string;
  readonly attempt: number;
  readonly status: number | null;
  readonly error: string;
  readonly at: string;
}

const FAST_RETRIES = {
  PARLEY_WEBHOOKS_ALLOW_PRIVATE: 'true',
  PARLEY_WEBHOOK_BACKOFF_BASE_MS: '10',
  PARLEY_WEBHOOK_BACKOFF_CAP_MS: '50',
  PARLEY_WEBHOOK_TIMEOUT_MS: '2000',
};

async function subscribe(
  baseUrl: string,
  body: Record<string, unknown>,
): Promise<SubscriptionBody & { secret: string }> {
  const response = await api(baseUrl).post<SubscriptionBody & { secret: string }>(
    '/subscriptions',
    body,
  );
  if (response.status !== 201)
    throw new Error(`POST /subscriptions answered ${response.status}: ${response.text}`);
  return response.body;
}

async function getSubscription(baseUrl: string, id: string): Promise<SubscriptionBody> {
  const response = await api(baseUrl).get<SubscriptionBody>(`/subscriptions/${id}`);
  if (response.status !== 200) throw new Error(`GET answered ${response.status}: ${response.text}`);
  return response.body;
}

/** The ids of a stream's events, in log order (one stream's order is the log's order for it). */
async function eventIds(t: TestApp, stream: string): Promise<string[]> {
  return (await t.app.get(EventStore).readStream(stream)).map((e) => e.id);
}

async function createStatements(baseUrl: string, source: string, target: string, n: number) {
  const receipts = [];
  for (let i = 0; i < n; i++)
    receipts.push(await createRecord(baseUrl, recordBody({ source, target, quote: `Line ${i}` })));
  return receipts;
}

function waitForAcks(receiver: Receiver, count: number, timeoutMs = 15_000): Promise<string[]> {
  return pollUntil(
    () => (receiver.acknowledged().length >= count ? receiver.acknowledged() : undefined),
    `${count} acknowledged deliveries (have ${receiver.acknowledged().length})`,
    timeoutMs,
  );
}

// ---------------------------------------------------------------------------------------------

describe('Webhooks (signed, ordered, at least once)', () => {
  let t: TestApp;
  const receivers: Receiver[] = [];
  const track = async (receiver: Promise<Receiver>): Promise<Receiver> => {
    const r = await receiver;
    receivers.push(r);
    return r;
  };

  beforeAll(async () => {
    t = await startTestApp({ env: { ...FAST_RETRIES, PARLEY_WEBHOOK_MAX_FAILURES: '1000' } });
  });
  afterAll(async () => {
    await t.close();
    await Promise.all(receivers.map((r) => r.close()));
  });

  it('signs each delivery so that an independent Standard Webhooks implementation verifies it', async () => {
    const receiver = await track(startReceiver());
    const [source, target] = await freshDyad(t.baseUrl);
    const created = await subscribe(t.baseUrl, {
      url: receiver.url,
      filter: { dyads: [`${source}~${target}`] },
    });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(created.secret.slice(6), 'base64').length).toBeGreaterThanOrEqual(24);

    await createStatements(t.baseUrl, source, target, 2);
    await waitForAcks(receiver, 2);

    const webhook = new Webhook(created.secret);
    for (const attempt of receiver.attempts) {
      const headers = {
        'webhook-id': attempt.id,
        'webhook-timestamp': attempt.timestamp,
        'webhook-signature': attempt.signature,
      };
      expect(attempt.contentType).toMatch(/^application\/cloudevents\+json(;|$)/);
      expect(() => webhook.verify(attempt.body, headers)).not.toThrow();
      expect(() => webhook.verify(attempt.body.replace('Line', 'Lime'), headers)).toThrow();
      expect(() =>
        new Webhook('whsec_' + Buffer.alloc(32, 7).toString('base64')).verify(
          attempt.body,
          headers,
        ),
      ).toThrow();
      const envelope = JSON.parse(attempt.body) as Record<string, unknown>;
      expect(cloudEventViolations(envelope)).toEqual([]);
      expect(envelope.parleyposition).toMatch(/^[0-9a-f]{32}$/);
      expect(envelope).toMatchObject({
        specversion: '1.0',
        id: attempt.id,
        type: 'org.parley.StatementRecorded',
        parleytype: 'StatementRecorded',
        subject: `dyad-${source}~${target}`,
        datacontenttype: 'application/json',
      });
    }
    expect(receiver.acknowledged()).toEqual(await eventIds(t, `dyad-${source}~${target}`));
  });

  it('delivers every event in order, exactly once per acknowledgement, to a receiver that answers 503 for a while', async () => {
    let unavailable = true;
    const receiver = await track(startReceiver(() => (unavailable ? 503 : 200)));
    const [source, target] = await freshDyad(t.baseUrl);
    const sub = await subscribe(t.baseUrl, {
      url: receiver.url,
      filter: { dyads: [`${source}~${target}`] },
    });
    await createStatements(t.baseUrl, source, target, 5);
    await pollUntil(
      () => (receiver.attempts.length >= 4 ? true : undefined),
      'several refused attempts',
    );
    // Nothing past the first event was sent while it was not acknowledged.
    const first = (await eventIds(t, `dyad-${source}~${target}`))[0];
    expect(new Set(receiver.attempts.map((a) => a.id))).toEqual(new Set([first]));
    expect((await getSubscription(t.baseUrl, sub.id)).consecutiveFailures).toBeGreaterThan(0);

    unavailable = false;
    const acked = await waitForAcks(receiver, 5);
    expect(acked).toEqual(await eventIds(t, `dyad-${source}~${target}`));
    const after = await pollUntil(async () => {
      const s = await getSubscription(t.baseUrl, sub.id);
      return s.lag.events === 0 ? s : undefined;
    }, 'lag 0');
    expect(after).toMatchObject({ state: 'active', consecutiveFailures: 0 });
    expect(after.lastDeliveredAt).not.toBeNull();
  });

  it('delivers every event in order to a receiver that was not listening at all and then comes up', async () => {
    const port = await freePort();
    const [source, target] = await freshDyad(t.baseUrl);
    const sub = await subscribe(t.baseUrl, {
      url: `http://127.0.0.1:${port}/hooks`,
      filter: { dyads: [`${source}~${target}`] },
    });
    await createStatements(t.baseUrl, source, target, 4);
    const failures = await pollUntil(async () => {
      const response = await api(t.baseUrl).get<{ items: FailureBody[] }>(
        `/subscriptions/${sub.id}/failures`,
      );
      return response.body.items.length >= 2 ? response.body.items : undefined;
    }, 'refused connections in the failures');
    expect(failures[0]?.status).toBeNull();
    expect(failures[0]?.error).toMatch(/ECONNREFUSED/);

    const receiver = await track(startReceiver(() => 200, port));
    const acked = await waitForAcks(receiver, 4);
    expect(acked).toEqual(await eventIds(t, `dyad-${source}~${target}`));
  });

  it('re-delivers everything in order after a reset to start, and resumes after a position', async () => {
    const receiver = await track(startReceiver());
    const [source, target] = await freshDyad(t.baseUrl);
    const stream = `dyad-${source}~${target}`;
    const sub = await subscribe(t.baseUrl, {
      url: receiver.url,
      filter: { dyads: [`${source}~${target}`] },
    });
    await createStatements(t.baseUrl, source, target, 3);
    await waitForAcks(receiver, 3);
    const ids = await eventIds(t, stream);

    const reset = await api(t.baseUrl).post<SubscriptionBody>(`/subscriptions/${sub.id}/reset`, {
      position: 'start',
    });
    expect(reset.status).toBe(200);
    expect(reset.body.position).toBeNull();
    expect(await waitForAcks(receiver, 6)).toEqual([...ids, ...ids]);

    const events = await t.app.get(EventStore).readStream(stream);
    await api(t.baseUrl).post(`/subscriptions/${sub.id}/reset`, { position: events[0]?.position });
    expect(await waitForAcks(receiver, 8)).toEqual([...ids, ...ids, ...ids.slice(1)]);
  });

  it('delivers only the events its filter keeps: by dyad, actor, type and kind', async () => {
    const [a, b] = await freshDyad(t.baseUrl);
    const [c, d] = await freshDyad(t.baseUrl);
    const byDyad = await track(startReceiver());
    const byActorKind = await track(startReceiver());
    const byType = await track(startReceiver());
    await subscribe(t.baseUrl, { url: byDyad.url, filter: { dyads: [`${a}~${b}`] } });
    await subscribe(t.baseUrl, {
      url: byActorKind.url,
      filter: { actors: [b], kinds: ['threat'] },
    });
    await subscribe(t.baseUrl, {
      url: byType.url,
      filter: { types: ['RecordRetracted'], actors: [c] },
    });

    await createRecord(t.baseUrl, recordBody({ source: a, target: b }));
    await createRecord(t.baseUrl, recordBody({ source: b, target: a, kind: 'threat' }));
    await createRecord(t.baseUrl, recordBody({ source: a, target: b, kind: 'threat' }));
    const other = await createRecord(
      t.baseUrl,
      recordBody({ source: c, target: d, kind: 'threat' }),
    );
    const retracted = await api(t.baseUrl).post(`/records/${other.id}/retraction`, {
      reason: 'wrong',
    });
    expect(retracted.status).toBeLessThan(300);

    const store = t.app.get(EventStore);
    const ab = await store.readStream(`dyad-${a}~${b}`);
    const ba = await store.readStream(`dyad-${b}~${a}`);
    const cd = await store.readStream(`dyad-${c}~${d}`);
    expect(await waitForAcks(byDyad, 2)).toEqual(ab.map((e) => e.id));
    const threats = [...ba, ...ab]
      .filter((e) => e.type === 'ThreatIssued')
      .sort((x, y) => (x.position < y.position ? -1 : 1));
    expect(await waitForAcks(byActorKind, 2)).toEqual(threats.map((e) => e.id));
    expect(await waitForAcks(byType, 1)).toEqual(
      cd.filter((e) => e.type === 'RecordRetracted').map((e) => e.id),
    );
    // A last event for everyone, so that nothing extra can be still on its way.
    await createRecord(t.baseUrl, recordBody({ source: a, target: b, kind: 'threat' }));
    await waitForAcks(byDyad, 3);
    await waitForAcks(byActorKind, 3);
    expect(byType.acknowledged()).toHaveLength(1);
  });

  it('sends nothing again when a projection is rebuilt: deliveries keep their own checkpoint', async () => {
    const receiver = await track(startReceiver());
    const [source, target] = await freshDyad(t.baseUrl);
    await subscribe(t.baseUrl, { url: receiver.url, filter: { actors: [source] }, from: 'start' });
    await createStatements(t.baseUrl, source, target, 3);
    // The actor's registration and three records.
    await waitForAcks(receiver, 4);

    for (const name of ['records', 'actors']) {
      const rebuild = await api(t.baseUrl).post(`/admin/projections/${name}/rebuild`);
      expect(rebuild.status).toBe(202);
      await pollUntil(async () => {
        const status = await api(t.baseUrl).get<{ rebuild: unknown; state: string }>(
          `/admin/projections/${name}`,
        );
        return status.body.rebuild === null && status.body.state === 'live' ? true : undefined;
      }, `the ${name} rebuild to finish`);
    }
    await createStatements(t.baseUrl, source, target, 1);
    const acked = await waitForAcks(receiver, 5);
    const expected = (await t.app.get(EventStore).readAll())
      .filter((e) => e.stream === `actor-${source}` || e.stream.startsWith(`dyad-${source}~`))
      .map((e) => e.id);
    expect(acked).toEqual(expected);
    expect(receiver.attempts).toHaveLength(5);
  });

  it('answers 400 problem+json naming the field, 404 for an unknown subscription, and never shows the secret again', async () => {
    const client = api(t.baseUrl);
    const cases: [Record<string, unknown>, string][] = [
      [{ url: 'ftp://example.com/x' }, 'url'],
      [{ url: 'not a url' }, 'url'],
      [{}, 'url'],
      [{ url: 'http://127.0.0.1/x', filter: { kinds: ['rumour'] } }, 'filter.kinds'],
      [{ url: 'http://127.0.0.1/x', filter: { dyads: ['a-b'] } }, 'filter.dyads'],
      [{ url: 'http://127.0.0.1/x', filter: { colour: ['red'] } }, 'filter.colour'],
      [{ url: 'http://127.0.0.1/x', from: 'yesterday' }, 'from'],
      [{ url: 'http://127.0.0.1/x', from: 'f'.repeat(32) }, 'from'],
    ];
    for (const [body, field] of cases) {
      const response = await client.post<ProblemBody>('/subscriptions', body);
      expect(response.status).toBe(400);
      expect(response.contentType).toMatch(/^application\/problem\+json/);
      expect(response.body.errors?.map((e) => e.field)).toContain(field);
    }

    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const response of [
      await client.get(`/subscriptions/${unknown}`),
      await client.get(`/subscriptions/${unknown}/failures`),
      await client.post(`/subscriptions/${unknown}/resume`),
      await client.post(`/subscriptions/${unknown}/reset`, { position: 'start' }),
      await client.delete(`/subscriptions/${unknown}`),
    ]) {
      expect(response.status).toBe(404);
      expect(response.contentType).toMatch(/^application\/problem\+json/);
    }
    const badReset = await client.post<ProblemBody>(`/subscriptions/${unknown}/reset`, {
      position: 'later',
    });
    expect(badReset.status).toBe(400);
    expect(badReset.body.errors?.map((e) => e.field)).toContain('position');

    const created = await subscribe(t.baseUrl, {
      url: 'http://127.0.0.1:9/never',
      description: 'secret test',
    });
    const one = await client.get(`/subscriptions/${created.id}`);
    const all = await client.get('/subscriptions');
    expect(one.text).not.toContain(created.secret);
    expect(one.body).not.toHaveProperty('secret');
    expect(all.text).not.toContain(created.secret);
    expect(all.text).toContain(created.id);
    expect((await client.delete(`/subscriptions/${created.id}`)).status).toBe(204);
    expect((await client.get(`/subscriptions/${created.id}`)).status).toBe(404);
  });
});

describe('Webhooks that keep failing', () => {
  let t: TestApp;
  let receiver: Receiver;

  beforeAll(async () => {
    t = await startTestApp({ env: { ...FAST_RETRIES, PARLEY_WEBHOOK_MAX_FAILURES: '3' } });
    receiver = await startReceiver(() => 500);
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  it('pause after the configured number of failures, say why, list them, and deliver the rest once resumed', async () => {
    const [source, target] = await freshDyad(t.baseUrl);
    const stream = `dyad-${source}~${target}`;
    const sub = await subscribe(t.baseUrl, {
      url: receiver.url,
      filter: { dyads: [`${source}~${target}`] },
    });
    await createStatements(t.baseUrl, source, target, 3);
    const paused = await pollUntil(async () => {
      const s = await getSubscription(t.baseUrl, sub.id);
      return s.state === 'paused' ? s : undefined;
    }, 'the subscription to pause');
    expect(paused.pausedReason).toMatch(/3 consecutive failed deliveries.*HTTP 500/);
    expect(paused.consecutiveFailures).toBe(3);
    expect(paused.lag.events).toBe(3);
    expect(receiver.attempts).toHaveLength(3);

    const [first] = await t.app.get(EventStore).readStream(stream);
    const failures = await api(t.baseUrl).get<{ items: FailureBody[] }>(
      `/subscriptions/${sub.id}/failures`,
    );
    expect(failures.body.items.map((f) => [f.attempt, f.status, f.eventId, f.position])).toEqual(
      [3, 2, 1].map((n) => [n, 500, first?.id, first?.position]),
    );

    const listed = await api(t.baseUrl).get<{ items: SubscriptionBody[] }>('/subscriptions');
    expect(listed.body.items.find((s) => s.id === sub.id)).toMatchObject({
      state: 'paused',
      lag: { events: 3 },
    });

    receiver.answer(() => 200);
    const resumed = await api(t.baseUrl).post<SubscriptionBody>(`/subscriptions/${sub.id}/resume`);
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({
      state: 'active',
      pausedReason: null,
      consecutiveFailures: 0,
    });
    expect(await waitForAcks(receiver, 3)).toEqual(await eventIds(t, stream));
  });

  it('refuses a loopback URL unless private targets are allowed', async () => {
    const strict = await startTestApp();
    try {
      const response = await api(strict.baseUrl).post<ProblemBody>('/subscriptions', {
        url: 'http://127.0.0.1:8080/hooks',
      });
      expect(response.status).toBe(400);
      expect(response.body.errors?.map((e) => e.field)).toEqual(['url']);
      expect(response.body.detail).toMatch(/PARLEY_WEBHOOKS_ALLOW_PRIVATE/);
    } finally {
      await strict.close();
    }
  });
});

describe('Webhooks across a crash of parley', () => {
  let dir: string;
  let receiver: Receiver;
  const processes: ParleyProcess[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-webhooks-'));
    // A slow receiver, so that the crash lands in the middle of the deliveries.
    receiver = await startReceiver(
      () => new Promise<number>((resolve) => setTimeout(() => resolve(200), 50)),
    );
  });
  afterAll(async () => {
    await Promise.all(processes.map((p) => p.kill()));
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loses nothing and repeats at most the event in flight when parley is killed mid-delivery', async () => {
    const env = {
      PARLEY_DB: join(dir, 'parley.db'),
      PARLEY_SAMPLE_DATA: 'off',
      ...FAST_RETRIES,
    };
    const first = await startParleyProcess(env);
    processes.push(first);
    const [source, target] = await freshDyad(first.baseUrl);
    await subscribe(first.baseUrl, {
      url: receiver.url,
      filter: { dyads: [`${source}~${target}`] },
    });
    const total = 40;
    await createStatements(first.baseUrl, source, target, total);
    await waitForAcks(receiver, 10);
    await first.kill();
    const ackedBeforeCrash = receiver.acknowledged().length;
    expect(ackedBeforeCrash).toBeLessThan(total);

    const second = await startParleyProcess(env);
    processes.push(second);
    const events = await api(second.baseUrl).get<{ id: string }[] | string>(
      `/streams/${encodeURIComponent(`dyad-${source}~${target}`)}/events`,
    );
    const ids = streamEventIds(events.body);
    expect(ids).toHaveLength(total);

    const acked = await pollUntil(
      () => {
        const all = receiver.acknowledged();
        return all[all.length - 1] === ids[ids.length - 1] ? all : undefined;
      },
      'the last event to be acknowledged',
      20_000,
    );
    // In order with no gap; at most one event (the one in flight at the crash) twice.
    const repeats = acked.filter((id, i) => i > 0 && acked[i - 1] === id).length;
    expect(repeats).toBeLessThanOrEqual(1);
    expect(acked.filter((id, i) => i === 0 || acked[i - 1] !== id)).toEqual(ids);
    await second.stop();
  });
});

describe('Webhooks as CloudEvents receivers read them', () => {
  const PUBLIC_URL = 'https://parley.example.org/api';
  let t: TestApp;
  let receiver: Receiver;
  const others: Receiver[] = [];
  const track = async (r: Promise<Receiver>): Promise<Receiver> => {
    const started = await r;
    others.push(started);
    return started;
  };

  beforeAll(async () => {
    t = await startTestApp({
      env: { ...FAST_RETRIES, PARLEY_WEBHOOK_MAX_FAILURES: '1000', PARLEY_PUBLIC_URL: PUBLIC_URL },
    });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await t.close();
    await Promise.all([receiver, ...others].map((r) => r.close()));
  });

  const webhookHeaders = (attempt: Attempt) => ({
    'webhook-id': attempt.id,
    'webhook-timestamp': attempt.timestamp,
    'webhook-signature': attempt.signature,
  });

  it('are structured-mode CloudEvents that the CloudEvents SDK reads, with dataschema under PARLEY_PUBLIC_URL', async () => {
    const [source, target] = await freshDyad(t.baseUrl);
    await subscribe(t.baseUrl, { url: receiver.url, filter: { dyads: [`${source}~${target}`] } });
    await createStatements(t.baseUrl, source, target, 1);
    const [id] = await waitForAcks(receiver, 1);
    const attempt = receiver.attempts.find((a) => a.id === id);
    if (!attempt) throw new Error('no attempt');
    expect(attempt.contentType).toMatch(/^application\/cloudevents\+json(;|$)/);

    const event = HTTP.toEvent({ headers: attempt.headers, body: attempt.body }) as CloudEvent<{
      quote: string;
    }>;
    expect(event).toMatchObject({
      specversion: '1.0',
      id,
      type: 'org.parley.StatementRecorded',
      subject: `dyad-${source}~${target}`,
      dataschema: `${PUBLIC_URL}/schemas/StatementRecorded.json`,
    });
    expect(event.data?.quote).toBe('Line 0');
    // The schema named is the one parley serves at that path.
    const schema = await api(t.baseUrl).get<{ $id: string }>('/schemas/StatementRecorded.json');
    expect(schema.body.$id).toBe(event.dataschema);
  });

  it('rotate secrets: the new secret is answered once, and during the grace both verify each delivery', async () => {
    const rotating = await track(startReceiver());
    const [source, target] = await freshDyad(t.baseUrl);
    const created = await subscribe(t.baseUrl, {
      url: rotating.url,
      filter: { dyads: [`${source}~${target}`] },
    });
    const rotated = await api(t.baseUrl).post<
      SubscriptionBody & {
        secret: string;
        previousSecretExpiresAt: string;
      }
    >(`/subscriptions/${created.id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(created.secret);
    // The default grace, a day.
    const grace = Date.parse(rotated.body.previousSecretExpiresAt) - Date.now();
    expect(grace).toBeGreaterThan(23 * 3_600_000);
    expect(grace).toBeLessThanOrEqual(24 * 3_600_000);
    const shown = await api(t.baseUrl).get(`/subscriptions/${created.id}`);
    expect(shown.text).not.toContain(rotated.body.secret);

    await createStatements(t.baseUrl, source, target, 1);
    await waitForAcks(rotating, 1);
    const [attempt] = rotating.attempts;
    if (!attempt) throw new Error('no attempt');
    expect(attempt.signature.split(' ')).toHaveLength(2);
    expect(() =>
      new Webhook(created.secret).verify(attempt.body, webhookHeaders(attempt)),
    ).not.toThrow();
    expect(() =>
      new Webhook(rotated.body.secret).verify(attempt.body, webhookHeaders(attempt)),
    ).not.toThrow();

    const unknown = await api(t.baseUrl).post(
      '/subscriptions/00000000-0000-4000-8000-000000000000/rotate-secret',
    );
    expect(unknown.status).toBe(404);
  });

  it('rotate from the CLI too, on the database file: the secret printed once, both signing', async () => {
    const rotating = await track(startReceiver());
    const [source, target] = await freshDyad(t.baseUrl);
    const created = await subscribe(t.baseUrl, {
      url: rotating.url,
      filter: { dyads: [`${source}~${target}`] },
    });
    const rotate = (id: string) =>
      spawnSync(process.execPath, [PARLEY_BIN, 'subscriptions', 'rotate-secret', id], {
        env: { ...process.env, PARLEY_DB: t.dbFile, LOG_LEVEL: 'silent' },
        encoding: 'utf8',
      });
    const cli = rotate(created.id);
    expect([cli.status, cli.stderr]).toEqual([0, '']);
    const secret = /^secret:\s+(whsec_\S+)$/m.exec(cli.stdout)?.[1] ?? '';
    expect(secret).not.toBe(created.secret);

    await createStatements(t.baseUrl, source, target, 1);
    await waitForAcks(rotating, 1);
    const [attempt] = rotating.attempts;
    if (!attempt) throw new Error('no attempt');
    expect(() => new Webhook(secret).verify(attempt.body, webhookHeaders(attempt))).not.toThrow();
    expect(() =>
      new Webhook(created.secret).verify(attempt.body, webhookHeaders(attempt)),
    ).not.toThrow();

    const unknown = rotate('00000000-0000-4000-8000-000000000000');
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toMatch(/No webhook subscription/);
  });

  it("carry the writer's W3C trace context as the traceparent header and CloudEvent attribute", async () => {
    const traced = await track(startReceiver());
    const [source, target] = await freshDyad(t.baseUrl);
    await subscribe(t.baseUrl, { url: traced.url, filter: { dyads: [`${source}~${target}`] } });
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const written = await api(t.baseUrl).post('/records', recordBody({ source, target }), {
      headers: { traceparent },
    });
    expect(written.status).toBe(201);
    await waitForAcks(traced, 1);
    const [attempt] = traced.attempts;
    if (!attempt) throw new Error('no attempt');
    expect(attempt.headers.traceparent).toBe(traceparent);
    const event = HTTP.toEvent({ headers: attempt.headers, body: attempt.body }) as CloudEvent;
    expect(event.traceparent).toBe(traceparent);
  });

  it('give the public URL in /schemas too', async () => {
    const index = await api(t.baseUrl).get<{ items: { type: string; url: string }[] }>('/schemas');
    expect(index.body.items.find((e) => e.type === 'ThreatIssued')?.url).toBe(
      `${PUBLIC_URL}/schemas/ThreatIssued.json`,
    );
  });

  it('count every attempt on /metrics by outcome', async () => {
    let answer = 503;
    const flaky = await track(startReceiver(() => answer));
    const [source, target] = await freshDyad(t.baseUrl);
    await subscribe(t.baseUrl, { url: flaky.url, filter: { dyads: [`${source}~${target}`] } });
    const metric = async (outcome: string): Promise<number> => {
      const text = (await api(t.baseUrl).get('/metrics')).text;
      const line = text
        .split('\n')
        .find((l) => l.startsWith(`parley_webhook_deliveries_total{outcome="${outcome}"}`));
      return Number(line?.split(' ')[1] ?? NaN);
    };
    const before = { delivered: await metric('delivered'), failed: await metric('failed') };
    expect(before.failed).not.toBeNaN();
    await createStatements(t.baseUrl, source, target, 1);
    await pollUntil(() => (flaky.attempts.length >= 2 ? true : undefined), 'two refused attempts');
    answer = 200;
    await waitForAcks(flaky, 1);
    const failed = flaky.attempts.filter((a) => a.status === 503).length;
    expect(await metric('delivered')).toBeGreaterThanOrEqual(before.delivered + 1);
    expect(await metric('failed')).toBeGreaterThanOrEqual(before.failed + failed);
  });
});

describe('Webhook URLs built from a request', () => {
  const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'parley.example.net' };
  const schemaUrlOf = async (t: TestApp): Promise<string | undefined> =>
    (
      await api(t.baseUrl).get<{ items: { type: string; url: string }[] }>('/schemas', {
        headers: forwarded,
      })
    ).body.items.find((e) => e.type === 'ThreatIssued')?.url;

  it('honour X-Forwarded-Proto and -Host only from a trusted proxy (PARLEY_TRUST_PROXY)', async () => {
    const untrusting = await startTestApp();
    const trusting = await startTestApp({ env: { PARLEY_TRUST_PROXY: '127.0.0.1' } });
    try {
      expect(await schemaUrlOf(untrusting)).toBe(`${untrusting.baseUrl}/schemas/ThreatIssued.json`);
      expect(await schemaUrlOf(trusting)).toBe(
        'https://parley.example.net/schemas/ThreatIssued.json',
      );
    } finally {
      await untrusting.close();
      await trusting.close();
    }
  });
});

describe('Webhook subscriptions are bounded and owned', () => {
  const OTHER_SUBSCRIBER = 'test-other-subscriber-key-0123456789';
  let t: TestApp;
  const as = (key: string) => api(t.baseUrl, `Bearer ${key}`);

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        ...FAST_RETRIES,
        PARLEY_SUBSCRIPTIONS_PER_KEY: '2',
        PARLEY_API_KEYS: `${TEST_API_KEYS_ENV},${OTHER_SUBSCRIBER}:subscriber`,
      },
    });
  });
  afterAll(() => t.close());

  it('refuse a key its subscription past PARLEY_SUBSCRIPTIONS_PER_KEY with 409 problem+json, storing nothing', async () => {
    const mine = as(TEST_KEYS.subscriber);
    for (let i = 0; i < 2; i++)
      expect((await mine.post('/subscriptions', { url: `http://127.0.0.1:9/${i}` })).status).toBe(
        201,
      );
    const refused = await mine.post<ProblemBody & { limit: number }>('/subscriptions', {
      url: 'http://127.0.0.1:9/2',
    });
    expect(refused.status).toBe(409);
    expect(refused.contentType).toMatch(/^application\/problem\+json/);
    expect(refused.body.detail).toMatch(/PARLEY_SUBSCRIPTIONS_PER_KEY=2/);
    expect(refused.body.limit).toBe(2);
    const listed = await mine.get<{ items: SubscriptionBody[] }>('/subscriptions');
    expect(listed.body.items).toHaveLength(2);
    // The cap is per key: another subscriber still may.
    expect(
      (await as(OTHER_SUBSCRIBER).post('/subscriptions', { url: 'http://127.0.0.1:9/x' })).status,
    ).toBe(201);
  });

  it("hide a subscriber's subscriptions from another subscriber (404), and show an operator all", async () => {
    const theirs = await as(OTHER_SUBSCRIBER).get<{
      items: (SubscriptionBody & { owner: string })[];
    }>('/subscriptions');
    const mine = await as(TEST_KEYS.subscriber).get<{
      items: (SubscriptionBody & { owner: string })[];
    }>('/subscriptions');
    const [one] = mine.body.items;
    if (!one) throw new Error('no subscription of mine');
    expect(theirs.body.items.map((s) => s.id)).not.toContain(one.id);
    expect(new Set(theirs.body.items.map((s) => s.owner)).size).toBe(1);

    const stranger = as(OTHER_SUBSCRIBER);
    for (const response of [
      await stranger.get(`/subscriptions/${one.id}`),
      await stranger.get(`/subscriptions/${one.id}/failures`),
      await stranger.post(`/subscriptions/${one.id}/resume`),
      await stranger.post(`/subscriptions/${one.id}/reset`, { position: 'start' }),
      await stranger.post(`/subscriptions/${one.id}/rotate-secret`),
      await stranger.delete(`/subscriptions/${one.id}`),
    ]) {
      expect(response.status).toBe(404);
      expect(response.contentType).toMatch(/^application\/problem\+json/);
    }
    expect((await as(TEST_KEYS.subscriber).get(`/subscriptions/${one.id}`)).status).toBe(200);

    const operator = as(TEST_KEYS.operator);
    const all = await operator.get<{ items: SubscriptionBody[] }>('/subscriptions');
    expect(all.body.items.map((s) => s.id).sort()).toEqual(
      [...mine.body.items, ...theirs.body.items].map((s) => s.id).sort(),
    );
    expect((await operator.get(`/subscriptions/${one.id}`)).status).toBe(200);
    expect((await operator.delete(`/subscriptions/${one.id}`)).status).toBe(204);
  });
});

/** The ids of `GET /streams/{stream}/events`, whichever list shape it answers. */
function streamEventIds(body: unknown): string[] {
  const list = Array.isArray(body) ? body : (body as { items?: unknown[] }).items;
  return (list ?? []).map((e) => (e as { id: string }).id);
}
