import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PARLEY_EVENT_TYPES } from '../../src/app/parley-event-types';
import { openDatabase, type SqliteDatabase } from '../../src/database/open-database';
import type {
  EventStore,
  ReadStreamOptions,
  RecordedEvent,
  SubjectRead,
} from '../../src/event-store/event-store.port';
import { runStreamCommand } from '../../src/event-store/run-stream-command';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { UpcastingEventStore } from '../../src/event-store/upcasting/upcasting-event-store';
import { decideDyad, dyadStream, type DyadCommand } from '../../src/records/domain/dyad';
import { dyadModel } from '../../src/records/domain/dyad-model';
import type { RecordDraft } from '../../src/records/domain/record';
import { statementEvent } from '../support/events';

/**
 * A decision must not replay history (issue 13): creating or correcting a record in a
 * dyad of 20,000 records reads what it reads in an empty dyad, the events of the one
 * record it is about. Counted through the port, not timed: the count is what makes the
 * time the same, and it does not depend on the machine.
 */
const PREFILLED = 20_000;

/** The port as the write path sees it, counting every event it hands back. */
function counting(inner: EventStore): { store: EventStore; eventsRead: () => number } {
  let read = 0;
  const store = Object.create(inner) as EventStore;
  store.readStream = async (stream: string, options?: ReadStreamOptions) => {
    const events = await inner.readStream(stream, options);
    read += events.length;
    return events;
  };
  store.readSubject = async (stream: string, subject: string): Promise<SubjectRead> => {
    const result = await inner.readSubject(stream, subject);
    read += result.events.length;
    return result;
  };
  store.readAll = async (...args: Parameters<EventStore['readAll']>) => {
    const events: RecordedEvent[] = await inner.readAll(...args);
    read += events.length;
    return events;
  };
  return { store, eventsRead: () => read };
}

function draft(source: string, target: string): RecordDraft {
  return {
    id: randomUUID(),
    kind: 'statement',
    source,
    target,
    occurredAt: '2025-03-30T14:00:00Z',
    precision: 'day',
    quote: 'We will talk again.',
    citation: { outlet: 'Test Wire', title: 'Talks' },
    topics: [],
  };
}

describe('what a decision reads', () => {
  let dir: string;
  let db: SqliteDatabase;
  let store: EventStore;
  const big = dyadStream('usa', 'rus');
  const empty = dyadStream('fra', 'deu');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-decision-cost-'));
    db = openDatabase(join(dir, 'parley.db'));
    store = new UpcastingEventStore(new SqliteEventStore(db), PARLEY_EVENT_TYPES);
    for (let done = 0; done < PREFILLED; done += 1_000) {
      const batch = Array.from({ length: 1_000 }, () =>
        statementEvent({ source: 'usa', target: 'rus', occurredAt: '2024-01-01T00:00:00Z' }),
      );
      await store.append(big, batch, 'any');
    }
  }, 120_000);

  afterAll(async () => {
    await store.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function decide(stream: string, recordId: string, command: DyadCommand) {
    const { store: port, eventsRead } = counting(store);
    const result = await runStreamCommand(port, stream, dyadModel, (s) => decideDyad(s, command), {
      context: { correlationId: 'test' },
      eventId: () => randomUUID(),
      subject: recordId,
    });
    return { eventsRead: eventsRead(), result };
  }

  it('creates a record in a dyad of 20,000 reading what it reads in an empty one: nothing', async () => {
    const inBig = draft('usa', 'rus');
    const inEmpty = draft('fra', 'deu');

    const big_ = await decide(big, inBig.id, { type: 'CreateRecord', record: inBig });
    const empty_ = await decide(empty, inEmpty.id, { type: 'CreateRecord', record: inEmpty });

    expect([big_.eventsRead, empty_.eventsRead]).toEqual([0, 0]);
    expect(big_.result.appended?.nextExpectedRevision).toBe(PREFILLED);
    expect(empty_.result.appended?.nextExpectedRevision).toBe(0);
  });

  it("corrects a record of the big dyad reading that record's events only, and a retry decides nothing new", async () => {
    const record = draft('usa', 'rus');
    await decide(big, record.id, { type: 'CreateRecord', record });
    const correct: DyadCommand = {
      type: 'CorrectRecord',
      recordId: record.id,
      changes: { tone: -3 },
      reason: 'recoded',
    };

    const corrected = await decide(big, record.id, correct);
    const retried = await decide(big, record.id, correct);

    expect(corrected.eventsRead).toBe(1);
    expect(corrected.result.events.map((e) => e.type)).toEqual(['RecordCorrected']);
    expect(retried.eventsRead).toBe(2);
    expect(retried.result.events).toEqual([]);
  });

  it('refuses a second creation with another body, as when it read the whole stream', async () => {
    const record = draft('usa', 'rus');
    await decide(big, record.id, { type: 'CreateRecord', record });

    await expect(
      decide(big, record.id, {
        type: 'CreateRecord',
        record: { ...record, quote: 'Other words.' },
      }),
    ).rejects.toMatchObject({ slug: 'record-id-reused' });
  });

  it('looks the subject up by index, not by walking the stream', () => {
    // The query SqliteEventStore.readSubject runs.
    const plan = db
      .prepare<{ stream: string; subjects: string }, { detail: string }>(
        `EXPLAIN QUERY PLAN SELECT e.* FROM json_each(@subjects) AS s CROSS JOIN events AS e
         WHERE e.stream = @stream AND e.subject = s.value
         UNION ALL SELECT * FROM events WHERE stream = @stream AND subject IS NULL ORDER BY revision`,
      )
      .all({ stream: big, subjects: JSON.stringify([randomUUID(), randomUUID()]) })
      .map((row) => row.detail);
    expect(plan.filter((step) => step.startsWith('SEARCH'))).toEqual([
      'SEARCH e USING INDEX events_by_subject (stream=? AND subject=?)',
      'SEARCH events USING INDEX events_by_subject (stream=? AND subject=?)',
    ]);
  });
});
