import { EventSource } from 'eventsource';
import { EventStore } from '../../src/event-store/event-store.port';
import { startTestApp, type TestApp } from '../support/app';
import { api, query } from '../support/client';
import { createRecord, freshDyad, recordBody } from '../support/builders';
import { authorizedEventSource } from '../support/event-source';
import { pollUntil } from '../support/waiting';
import type { WriteReceiptBody } from '../support/responses';

/** An event as `GET /replay` gives it. */
interface EventBody {
  readonly type: string;
  readonly stream: string;
  readonly position: string;
}

// The EventSource waits its default 3 s before it reconnects; allow for a loaded machine.
jest.setTimeout(30_000);

describe('GET /replay as server-sent events, read by a real EventSource', () => {
  let t: TestApp;
  let dyad: string;
  let written: WriteReceiptBody[];

  beforeAll(async () => {
    t = await startTestApp();
    const [a, b] = await freshDyad(t.baseUrl);
    dyad = `${a}~${b}`;
    written = [
      await createRecord(t.baseUrl, recordBody({ source: a, target: b })),
      await createRecord(t.baseUrl, recordBody({ source: a, target: b, kind: 'threat' })),
    ];
  });
  afterAll(() => t?.close());

  it('reaches onmessage, ends once, and stops at the 204 its reconnect gets instead of replaying the end again', async () => {
    const source = authorizedEventSource(`${t.baseUrl}/replay${query({ dyad })}`);
    const events: EventBody[] = [];
    const ends: string[] = [];
    source.onmessage = (message) => events.push(JSON.parse(message.data as string) as EventBody);
    source.addEventListener('end', (message) => ends.push(message.data as string));
    try {
      await pollUntil(
        () => (source.readyState === EventSource.CLOSED ? true : undefined),
        'the EventSource to stop reconnecting',
        20_000,
      );
      expect(events.map((e) => [e.type, e.position])).toEqual([
        ['StatementRecorded', written[0]?.position],
        ['ThreatIssued', written[1]?.position],
      ]);
      expect(ends.map((data) => JSON.parse(data) as unknown)).toEqual([
        { count: 2, through: written[1]?.position },
      ]);
    } finally {
      source.close();
    }
  });

  it('answers 204 to a Last-Event-ID at or past the end (the head, or to=), and resumes before it', async () => {
    const client = api(t.baseUrl);
    const sse = { accept: 'text/event-stream' };
    const [first, second] = written.map((w) => w.position) as [string, string];
    const head = (await t.app.get(EventStore).headPosition()) ?? '';
    const atHead = await client.get(`/replay${query({ dyad })}`, {
      headers: { ...sse, 'last-event-id': head },
    });
    expect(atHead.status).toBe(204);
    expect(atHead.text).toBe('');
    const pastTo = await client.get(`/replay${query({ dyad, to: first })}`, {
      headers: { ...sse, 'last-event-id': second },
    });
    expect(pastTo.status).toBe(204);
    const atTo = await client.get(`/replay${query({ dyad, to: second, format: 'sse' })}`, {
      headers: { 'last-event-id': second },
    });
    expect(atTo.status).toBe(204);
    const before = await client.get(`/replay${query({ dyad, to: second })}`, {
      headers: { ...sse, 'last-event-id': first },
    });
    expect(before.status).toBe(200);
    expect(before.text).toContain(`id: ${second}\n`);
  });
});
