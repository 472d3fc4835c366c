import { dyadEvents, inStream } from '../../../test/support/events';
import { projectionSpec } from '../../../test/support/projection-spec';
import { dyadStream, type DyadEvent, type ThreatOutcomeData } from '../domain/dyad';
import type { RecordDraft } from '../domain/record';
import { RecordReader } from './record-reader';
import { recordsProjection, type RecordVersionRow } from './records.projection';

const { given } = projectionSpec(recordsProjection);

const STATEMENT_ID = '6a0e4a5e-0f5d-4a43-9d6f-3b1f0f7a0101';
const THREAT_ID = '6a0e4a5e-0f5d-4a43-9d6f-3b1f0f7a0102';
const DENIAL_ID = '6a0e4a5e-0f5d-4a43-9d6f-3b1f0f7a0103';
const STREAM = dyadStream('donald-trump', 'vladimir-putin');

const statement: RecordDraft = {
  id: STATEMENT_ID,
  kind: 'statement',
  source: 'donald-trump',
  target: 'vladimir-putin',
  occurredAt: '2025-03-30T14:00:00-04:00',
  precision: 'day',
  quote: 'I was very angry, pissed off',
  citation: { outlet: 'NBC News', title: 'Trump says he is angry at Putin' },
  topics: ['ukraine'],
  code: '111',
  tone: -5,
};

const threat: RecordDraft = {
  id: THREAT_ID,
  kind: 'threat',
  source: 'donald-trump',
  target: 'vladimir-putin',
  occurredAt: '2025-03-30T14:00:00-04:00',
  precision: 'day',
  quote: 'I will put secondary tariffs on all oil coming out of Russia',
  citation: { outlet: 'NBC News', title: 'Trump threatens tariffs on Russian oil' },
  topics: ['oil', 'tariffs'],
  threat: { instrument: 'tariff', magnitude: '25% to 50%', deadline: '2025-04-30T00:00:00Z' },
};

const denial: RecordDraft = {
  id: DENIAL_ID,
  kind: 'denial',
  source: 'donald-trump',
  target: 'vladimir-putin',
  occurredAt: '2025-03-31T10:00:00-04:00',
  precision: 'instant',
  quote: 'I am not angry',
  citation: { outlet: 'Test Wire', title: 'A denial' },
  topics: [],
  denial: { recordId: STATEMENT_ID },
};

const FIRST = '2025-06-01T10:00:00.000Z';
const SECOND = '2025-06-02T10:00:00.000Z';
const THIRD = '2025-06-03T10:00:00.000Z';
const ms = Date.parse;

const { created, corrected, retracted } = dyadEvents(STREAM);
const onStream = (event: DyadEvent, recordedAt?: string) => inStream(STREAM, event, recordedAt);
const carriedOut: ThreatOutcomeData = {
  recordId: THREAT_ID,
  outcome: 'carried-out',
  occurredAt: '2025-05-01T00:00:00Z',
  note: 'tariffs announced',
};

const versions = 'SELECT * FROM record_versions ORDER BY record_id, version';

describe('records projection: creation', () => {
  it('opens version 1 of a created record: active, scored by its CAMEO code, from its recorded time', () => {
    given([])
      .when([created(statement, FIRST)])
      .then(({ rows, recorded }) => {
        expect(rows<RecordVersionRow>(versions)).toEqual([
          {
            record_id: STATEMENT_ID,
            version: 1,
            stream: STREAM,
            kind: 'statement',
            source: 'donald-trump',
            target: 'vladimir-putin',
            occurred_at: '2025-03-30T14:00:00-04:00',
            occurred_at_ms: ms('2025-03-30T18:00:00Z'),
            body: JSON.stringify(statement),
            status: 'active',
            outcome: null,
            intensity: -2,
            intensity_source: 'cameo',
            intensity_code: '111',
            event_type: 'StatementRecorded',
            revision: 0,
            position: recorded[0]?.position,
            reason: null,
            changes: null,
            recorded_at: FIRST,
            first_recorded_at: FIRST,
            valid_from_ms: ms(FIRST),
            valid_to_ms: null,
          },
        ]);
      });
  });

  it.each([
    ['statement', statement, 'StatementRecorded', 0, '010'],
    ['threat', threat, 'ThreatIssued', -4.4, '130'],
    ['denial', denial, 'DenialIssued', -2, '016'],
  ] as const)(
    'scores a %s without a code by its kind',
    (kind, record, eventType, intensity, code) => {
      const { code: _code, ...uncoded } = record;
      given([])
        .when([created(uncoded)])
        .then(({ rows }) => {
          expect(
            rows(
              'SELECT kind, event_type, intensity, intensity_source, intensity_code FROM record_versions',
            ),
          ).toEqual([
            {
              kind,
              event_type: eventType,
              intensity,
              intensity_source: 'kind-default',
              intensity_code: code,
            },
          ]);
        });
    },
  );

  it('reads a created record back as it was drafted, with its first recorded time', () => {
    given([])
      .when([created(denial, FIRST)])
      .then(({ db }) => {
        const view = new RecordReader(db).get(DENIAL_ID);
        expect(view).toMatchObject({
          ...denial,
          stream: STREAM,
          status: 'active',
          version: 1,
          recordedAt: FIRST,
          updatedAt: FIRST,
        });
        expect(view?.history).toHaveLength(1);
      });
  });
});

describe('records projection: corrections', () => {
  it("closes a record's version at the correction's recorded time and opens the corrected one", () => {
    given([created(statement, FIRST)])
      .when([corrected(STATEMENT_ID, { code: '1312', tone: -7 }, SECOND)])
      .then(({ rows, recorded }) => {
        const [first, second] = rows<RecordVersionRow>(versions);
        expect(first).toMatchObject({ version: 1, valid_to_ms: ms(SECOND) });
        expect(second).toMatchObject({
          version: 2,
          status: 'active',
          body: JSON.stringify({ ...statement, code: '1312', tone: -7 }),
          intensity: -5.8,
          intensity_code: '1312',
          event_type: 'RecordCorrected',
          revision: 1,
          position: recorded[1]?.position,
          reason: 'recoded',
          changes: JSON.stringify({ code: '1312', tone: -7 }),
          recorded_at: SECOND,
          first_recorded_at: FIRST,
          valid_from_ms: ms(SECOND),
          valid_to_ms: null,
        });
      });
  });

  it('reads the corrected record now, and the original as of before the correction', () => {
    given([created(statement, FIRST)])
      .when([corrected(STATEMENT_ID, { tone: null }, SECOND)])
      .then(({ db }) => {
        const reader = new RecordReader(db);
        const now = reader.get(STATEMENT_ID);
        expect(now?.version).toBe(2);
        expect(now).not.toHaveProperty('tone');
        expect(now?.history.map((h) => [h.version, h.type, h.reason])).toEqual([
          [1, 'StatementRecorded', undefined],
          [2, 'RecordCorrected', 'recoded'],
        ]);
        const before = reader.get(STATEMENT_ID, ms(SECOND) - 1);
        expect(before).toMatchObject({ version: 1, tone: -5 });
        expect(before?.history).toHaveLength(1);
      });
  });

  it('passes over a correction of a record it never saw', () => {
    given([])
      .when([corrected(STATEMENT_ID, { tone: 1 })])
      .then(({ rows }) => expect(rows(versions)).toEqual([]));
  });
});

describe('records projection: retraction', () => {
  it('opens a retracted version with the reason, which lists leave out unless asked', () => {
    given([created(statement, FIRST)])
      .when([retracted(STATEMENT_ID, SECOND)])
      .then(({ db, rows }) => {
        expect(rows('SELECT version, status, reason, valid_to_ms FROM record_versions')).toEqual([
          { version: 1, status: 'active', reason: null, valid_to_ms: ms(SECOND) },
          { version: 2, status: 'retracted', reason: 'misattributed', valid_to_ms: null },
        ]);
        const reader = new RecordReader(db);
        expect(reader.list({}, 10).items).toEqual([]);
        expect(reader.list({ includeRetracted: true }, 10).items.map((r) => r.status)).toEqual([
          'retracted',
        ]);
        expect(reader.list({ asOfMs: ms(FIRST) }, 10).items.map((r) => r.id)).toEqual([
          STATEMENT_ID,
        ]);
      });
  });
});

describe('records projection: threat outcomes', () => {
  it("keeps a threat's outcome with when it was recorded, and reads the threat as carried out", () => {
    given([created(threat, FIRST)])
      .when([onStream({ type: 'ThreatOutcomeRecorded', data: carriedOut }, SECOND)])
      .then(({ db, rows }) => {
        expect(
          rows('SELECT version, outcome, reason FROM record_versions WHERE version = 2'),
        ).toEqual([
          {
            version: 2,
            outcome: JSON.stringify({
              outcome: 'carried-out',
              occurredAt: '2025-05-01T00:00:00Z',
              note: 'tariffs announced',
              recordedAt: SECOND,
            }),
            reason: 'tariffs announced',
          },
        ]);
        const view = new RecordReader(db).get(THREAT_ID);
        expect(view?.threatStatus).toBe('carried-out');
        expect(view?.outcome).toEqual({
          outcome: 'carried-out',
          occurredAt: '2025-05-01T00:00:00Z',
          note: 'tariffs announced',
          recordedAt: SECOND,
        });
      });
  });

  it('keeps the outcome through a later correction of the threat', () => {
    given([
      created(threat, FIRST),
      onStream({ type: 'ThreatOutcomeRecorded', data: carriedOut }, SECOND),
    ])
      .when([corrected(THREAT_ID, { quote: 'Secondary tariffs on Russian oil' }, THIRD)])
      .then(({ db }) => {
        const view = new RecordReader(db).get(THREAT_ID);
        expect(view).toMatchObject({
          version: 3,
          quote: 'Secondary tariffs on Russian oil',
          threatStatus: 'carried-out',
        });
      });
  });

  it('reads a threat with no outcome as open until its deadline, and lapsed after it', () => {
    given([])
      .when([created(threat)])
      .then(({ db }) => {
        const on = (instant: string) => new RecordReader(db, () => new Date(instant));
        expect(on('2025-04-29T23:59:59Z').get(THREAT_ID)?.threatStatus).toBe('open');
        expect(on('2025-04-30T00:00:00Z').get(THREAT_ID)?.threatStatus).toBe('lapsed');
      });
  });
});
