import type { RecordedEvent } from '../event-store/event-store.port';
import { positionOf } from '../event-store/position';
import {
  UnknownSchemaVersion,
  UnreadableEventData,
} from '../event-store/upcasting/upcasting.errors';
import { PARLEY_EVENT_TYPES } from './parley-event-types';

const CURRENT_SCHEMA_VERSION = PARLEY_EVENT_TYPES.currentVersions();
const currentSchemaVersion = (type: string): number => PARLEY_EVENT_TYPES.currentVersion(type);
const upcast = <Event extends RecordedEvent>(event: Event): Event =>
  PARLEY_EVENT_TYPES.upcast(event);

const RECORD_ID = '3f2c9a4e-6b1d-4e8a-9c7f-1a2b3c4d5e02';
const URL = 'https://www.nbcnews.com/politics/donald-trump/trump-pissed-off-putin-rcna198760';

function stored(type: string, data: unknown, metadata: Record<string, unknown>): RecordedEvent {
  return {
    id: '0d9a7c1e-4b2f-4e6a-8c1d-2e3f4a5b6c7d',
    stream: 'dyad-donald-trump~vladimir-putin',
    type,
    data,
    metadata: metadata as unknown as RecordedEvent['metadata'],
    revision: 3,
    position: positionOf(4n),
    recordedAt: '2025-03-30T15:00:00.000Z',
  };
}

function created(kind: string, citation: unknown): Record<string, unknown> {
  return {
    recordId: RECORD_ID,
    kind,
    source: 'donald-trump',
    target: 'vladimir-putin',
    occurredAt: '2025-03-30T12:00:00Z',
    precision: 'day',
    quote: 'I was very angry, pissed off.',
    citation,
    topics: ['russia-ukraine-war'],
  };
}

const V1_CITATION = `NBC News | Trump says he's 'pissed off' at Putin | ${URL} | 2025-03-30T14:05:00Z`;
const V2_CITATION = {
  outlet: 'NBC News',
  title: "Trump says he's 'pissed off' at Putin",
  url: URL,
  publishedAt: '2025-03-30T14:05:00Z',
};
const METADATA = {
  correlationId: '5a1e7c3d-2b4f-4d6a-8e9c-0f1a2b3c4d01',
  principal: 'recorder:ana',
};

describe('the schema versions parley writes', () => {
  it('writes record-created events and corrections at 2 (ActionRecorded, which came after, at 1), every other event at 1', () => {
    expect(CURRENT_SCHEMA_VERSION).toEqual({
      StatementRecorded: 2,
      ThreatIssued: 2,
      DenialIssued: 2,
      ActionRecorded: 1,
      RecordCorrected: 2,
      RecordRetracted: 1,
      ThreatOutcomeRecorded: 1,
      ActorRegistered: 1,
      ActorAffiliated: 1,
    });
    expect(currentSchemaVersion('ThreatIssued')).toBe(2);
    expect(currentSchemaVersion('SomethingElseHappened')).toBe(1);
  });
});

describe('upcast', () => {
  it.each([
    ['StatementRecorded', 'statement'],
    ['ThreatIssued', 'threat'],
    ['DenialIssued', 'denial'],
  ])('brings a version-1 %s up to version 2', (type, kind) => {
    const event = stored(type, created(kind, V1_CITATION), { schemaVersion: 1, ...METADATA });
    expect(upcast(event)).toEqual({
      ...event,
      data: created(kind, V2_CITATION),
      metadata: { schemaVersion: 2, ...METADATA },
    });
  });

  it('brings a version-1 correction up to version 2', () => {
    const event = stored(
      'RecordCorrected',
      {
        recordId: RECORD_ID,
        changes: { citation: `NBC News | Trump on Putin | ${URL}` },
        reason: 'r',
      },
      { schemaVersion: 1, ...METADATA },
    );
    expect(upcast(event).data).toEqual({
      recordId: RECORD_ID,
      changes: {
        citation: { outlet: 'NBC News', title: 'Trump on Putin', url: URL, publishedAt: null },
      },
      reason: 'r',
    });
    expect(upcast(event).metadata.schemaVersion).toBe(2);
  });

  it('passes a version-2 event as it is', () => {
    const event = stored('ThreatIssued', created('threat', V2_CITATION), {
      schemaVersion: 2,
      ...METADATA,
    });
    expect(upcast(event)).toBe(event);
  });

  it('passes an event whose type has only ever had version 1 as it is', () => {
    const event = stored(
      'RecordRetracted',
      { recordId: RECORD_ID, reason: 'Misdated' },
      { schemaVersion: 1, ...METADATA },
    );
    expect(upcast(event)).toBe(event);
  });

  it('reads an event without a schema version as version 1', () => {
    const event = stored('StatementRecorded', created('statement', V1_CITATION), METADATA);
    expect(upcast(event)).toMatchObject({
      data: { citation: V2_CITATION },
      metadata: { schemaVersion: 2, ...METADATA },
    });
    const retracted = stored('RecordRetracted', { recordId: RECORD_ID, reason: 'r' }, {});
    expect(upcast(retracted).metadata).toEqual({ schemaVersion: 1 });
  });

  it('refuses a version newer than this code knows', () => {
    const event = stored('StatementRecorded', created('statement', V2_CITATION), {
      schemaVersion: 3,
    });
    expect(() => upcast(event)).toThrow(UnknownSchemaVersion);
    expect(() => upcast(event)).toThrow(/schema version 3; this code reads versions 1 to 2/);
    const actor = stored('ActorRegistered', { id: 'kremlin' }, { schemaVersion: 2 });
    expect(() => upcast(actor)).toThrow(UnknownSchemaVersion);
  });

  it.each([0, -1, 1.5, '2'])('refuses a schema version of %p', (schemaVersion) => {
    const event = stored('StatementRecorded', created('statement', V1_CITATION), { schemaVersion });
    expect(() => upcast(event)).toThrow(UnknownSchemaVersion);
  });

  it('refuses version-1 data that does not fit version 1, naming the type and version', () => {
    const event = stored('DenialIssued', created('denial', 'TASS | A | B | C | D'), {
      schemaVersion: 1,
    });
    expect(() => upcast(event)).toThrow(UnreadableEventData);
    expect(() => upcast(event)).toThrow(/A DenialIssued event at schema version 1 cannot be read/);
  });

  it('leaves an event of a type it does not know untouched, whatever its version', () => {
    const event = stored('ContractThreatTested', { any: 'thing' }, { schemaVersion: 7 });
    expect(upcast(event)).toBe(event);
    const inherited = stored('constructor', {}, { schemaVersion: 1 });
    expect(upcast(inherited)).toBe(inherited);
    expect(currentSchemaVersion('toString')).toBe(1);
  });
});
