import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/database/open-database';
import type { EventMetadata } from '../../src/event-store/event-store.port';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { PARLEY_EVENT_TYPES } from '../../src/app/parley-event-types';
import { dyadStream, RECORD_CREATED_TYPES } from '../../src/records/domain/dyad';
import { startTestApp, type TestApp } from '../support/app';
import { api } from '../support/client';
import { getTone, listAll, totalCount } from '../support/reads';
import { pollUntil } from '../support/waiting';
import { openReadOnly } from '../support/store';
import type { RecordBody, ToneViewBody, WriteReceiptBody } from '../support/responses';

/** One stored event as the fixtures hold it: where it was appended, and what. */
interface FixtureEvent {
  readonly stream: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly metadata: EventMetadata;
}

const FIXTURES = join(__dirname, '../fixtures/events');

function readFixture(name: string): FixtureEvent[] {
  return readFileSync(join(FIXTURES, name), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as FixtureEvent);
}

const V1 = readFixture('record-events.v1.ndjson');
const V2 = readFixture('record-events.v2.ndjson');

const CREATED_TYPES: readonly string[] = Object.values(RECORD_CREATED_TYPES);
const DYADS = [
  ['donald-trump', 'vladimir-putin'],
  ['dmitry-peskov', 'donald-trump'],
] as const;
const TONE_QUERY = { from: '2025-03-01', to: '2025-05-01', bucket: 'week', tz: 'UTC' };

/** The fixtures' last event: a correction of the first record. */
const last = V1[V1.length - 1] as FixtureEvent;
const CORRECTED = String(last.data.recordId);
/** A threat the fixtures never correct, cited with outlet, title and url. */
const THREAT = String(V1.find((e) => e.type === RECORD_CREATED_TYPES.threat)?.data.recordId);

/**
 * Appends the fixtures as they were stored, straight through the embedded adapter (no
 * upcasting on the way in), to a fresh SQLite file, and answers the file.
 */
async function storeFixtures(dir: string, events: readonly FixtureEvent[]): Promise<string> {
  const file = join(dir, 'parley.db');
  const db = openDatabase(file);
  const store = new SqliteEventStore(db);
  try {
    for (const { stream, type, data, metadata } of events) {
      // As the service writes them: a record's creation event has the record's id.
      const id = CREATED_TYPES.includes(type) ? String(data.recordId) : randomUUID();
      await store.append(stream, [{ id, type, data, metadata }], 'any');
    }
  } finally {
    await store.close();
    db.close();
  }
  return file;
}

/** A value without the recorded times and log positions, which differ between two logs. */
function withoutRecording(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutRecording);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !['recordedAt', 'updatedAt', 'position'].includes(key))
      .map(([key, v]) => [key, withoutRecording(v)]),
  );
}

interface Views {
  readonly records: unknown;
  readonly tones: readonly unknown[];
  readonly corrected: unknown;
}

/**
 * The sum of the tones a dyad's tone view shows once it has every fixture event: no
 * earlier point of the history gives the same sum, so it tells the view is complete.
 */
function finalToneSum(events: readonly FixtureEvent[], stream: string): number {
  const tones = new Map<string, number>();
  for (const { stream: at, type, data } of events) {
    if (at !== stream) continue;
    const recordId = String(data.recordId);
    const tone = type === 'RecordCorrected' ? (data.changes as { tone?: unknown }).tone : data.tone;
    if (type === 'RecordRetracted') tones.delete(recordId);
    else if (typeof tone === 'number') tones.set(recordId, tone);
  }
  return [...tones.values()].reduce((sum, tone) => sum + tone, 0);
}

/** Waits until both projections have applied the fixtures' last event, then reads the views. */
async function viewsOf(t: TestApp): Promise<Views> {
  const client = api(t.baseUrl);
  const [source, target] = DYADS[0];
  const toneSum = finalToneSum(V2, dyadStream(source, target));
  await pollUntil(async () => {
    const record = await client.get<RecordBody>(`/records/${CORRECTED}`);
    if (record.status !== 200 || record.body.version !== 2) return undefined;
    const view = await getTone(t.baseUrl, source, target, TONE_QUERY);
    const sum = view.series.reduce((total, bucket) => total + bucket.tone.sum, 0);
    return sum === toneSum ? true : undefined;
  }, 'the fixtures to be projected');
  const tones: ToneViewBody[] = [];
  for (const [from, to] of DYADS) tones.push(await getTone(t.baseUrl, from, to, TONE_QUERY));
  const corrected = await client.get<RecordBody>(`/records/${CORRECTED}`);
  return {
    records: withoutRecording(await listAll(t.baseUrl, { includeRetracted: true })),
    tones,
    corrected: withoutRecording(corrected.body),
  };
}

describe('event schema versions: stored version-1 events read as current ones', () => {
  const dirs: string[] = [];
  const apps: TestApp[] = [];

  const startOn = async (events: readonly FixtureEvent[]): Promise<TestApp> => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-upcasting-'));
    dirs.push(dir);
    const app = await startTestApp({ dbFile: await storeFixtures(dir, events) });
    apps.push(app);
    return app;
  };

  let onV1: TestApp;
  let fromV1: Views;
  let fromV2: Views;

  beforeAll(async () => {
    onV1 = await startOn(V1);
    fromV1 = await viewsOf(onV1);
    fromV2 = await viewsOf(await startOn(V2));
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('has fixtures that tell the same history at both versions', () => {
    expect(V1.map((e) => [e.stream, e.type])).toEqual(V2.map((e) => [e.stream, e.type]));
    expect(V1.every((e) => e.metadata.schemaVersion === 1)).toBe(true);
    expect(V1.some((e) => typeof e.data.citation === 'string')).toBe(true);
    // Event by event, the upcasters turn the one into the other.
    expect(V1.map((event) => PARLEY_EVENT_TYPES.upcast(event))).toEqual(V2);
  });

  it('answers the record list, the tone views and a corrected record exactly as from version-2 events', () => {
    expect(fromV1.records).toEqual(fromV2.records);
    expect(fromV1.tones).toEqual(fromV2.tones);
    expect(fromV1.corrected).toEqual(fromV2.corrected);
    expect(fromV2.records).toHaveLength(5);
    expect(fromV2.tones.map((view) => totalCount(view as ToneViewBody))).toEqual([2, 2]);
  });

  it("shows a version-1 correction's citation string as the citation object that replaced the whole citation", () => {
    const corrected = fromV1.corrected as RecordBody;
    expect(corrected.citation).toEqual({
      outlet: 'NBC News',
      title: "Trump says he is 'very angry' and 'pissed off' at Putin",
      url: 'https://www.nbcnews.com/politics/donald-trump/trump-says-pissed-off-putin-threatens-secondary-tariffs-russian-oil-rcna198760',
    });
    expect(corrected.history?.[1]).toMatchObject({
      type: 'RecordCorrected',
      changes: {
        citation: {
          outlet: 'NBC News',
          title: "Trump says he is 'very angry' and 'pissed off' at Putin",
          url: 'https://www.nbcnews.com/politics/donald-trump/trump-says-pissed-off-putin-threatens-secondary-tariffs-russian-oil-rcna198760',
          publishedAt: null,
        },
        tone: -7,
      },
    });
  });

  it('decides commands on upcast events, and writes the current version', async () => {
    const client = api(onV1.baseUrl);
    const before = await client.get<RecordBody>(`/records/${THREAT}`);
    const cited = V2.find((e) => e.data.recordId === THREAT)?.data.citation as object;
    expect(before.body.citation).toEqual(cited);
    expect(cited).toMatchObject({ outlet: 'Reuters', url: expect.any(String) as string });

    // Merging one citation field only works on a citation that was read as an object.
    const response = await client.post<WriteReceiptBody>(`/records/${THREAT}/corrections`, {
      changes: { citation: { title: 'Trump threatens secondary tariffs on Russian oil' } },
      reason: 'The headline as it reads now',
    });
    expect(response.status).toBe(201);
    const after = await client.get<RecordBody>(`/records/${THREAT}`);
    expect(after.body.citation).toEqual({
      ...cited,
      title: 'Trump threatens secondary tariffs on Russian oil',
    });

    const db = openReadOnly(onV1.dbFile);
    try {
      const stored = db
        .prepare<[], { metadata: string }>(
          "SELECT metadata FROM events WHERE type = 'RecordCorrected' ORDER BY position DESC LIMIT 1",
        )
        .get();
      expect(JSON.parse(stored?.metadata ?? '{}')).toMatchObject({ schemaVersion: 2 });
    } finally {
      db.close();
    }
  });

  it('recognises a retried creation of a version-1 record as the same record', async () => {
    const created = V2.find((e) => e.stream === dyadStream(...DYADS[1]));
    const { recordId, ...fields } = created?.data ?? {};
    const retry = await api(onV1.baseUrl).post<WriteReceiptBody>('/records', {
      id: recordId,
      ...fields,
    });
    expect(retry.status).toBe(200);
    expect(retry.body.id).toBe(recordId);
  });
});
