import { dyadEvents, inStream } from '../../../test/support/events';
import { projectionSpec } from '../../../test/support/projection-spec';
import { ActorDirectory } from '../../actors/get-actors/actor-directory';
import { actorsProjection } from '../../actors/get-actors/actors.projection';
import { actorStream, type ActorProfile } from '../../actors/domain/actor';
import { dyadStream, type DyadEvent } from '../domain/dyad';
import type { RecordDraft } from '../domain/record';
import { ToneReader } from './tone-reader';
import { toneProjection, type TonePointRow } from './tone.projection';

// The actors projection too: the tone reader refuses a dyad of actors it does not know.
const { given } = projectionSpec(toneProjection, actorsProjection);

const STREAM = dyadStream('usa', 'rus');
const STATEMENT_ID = '6a0e4a5e-0f5d-4a43-9d6f-3b1f0f7a0201';
const THREAT_ID = '6a0e4a5e-0f5d-4a43-9d6f-3b1f0f7a0202';
const DENIAL_ID = '6a0e4a5e-0f5d-4a43-9d6f-3b1f0f7a0203';

const draft = { source: 'usa', target: 'rus', precision: 'instant', topics: [] } as const;
const citation = { outlet: 'Test Wire', title: 'A report' };
/** "Criticize or denounce" (111, Goldstein −2), read as hostile (tone −5). */
const statement: RecordDraft = {
  ...draft,
  id: STATEMENT_ID,
  kind: 'statement',
  occurredAt: '2025-03-10T12:00:00Z',
  quote: 'Unacceptable.',
  citation,
  code: '111',
  tone: -5,
};
/** No code: the kind's default (130, −4.4); no tone coded. */
const threat: RecordDraft = {
  ...draft,
  id: THREAT_ID,
  kind: 'threat',
  occurredAt: '2025-03-20T12:00:00Z',
  quote: 'Tariffs will follow.',
  citation,
  threat: { instrument: 'tariff' },
};
/** No code: the kind's default (016, −2); read as cordial (tone 2). */
const denial: RecordDraft = {
  ...draft,
  id: DENIAL_ID,
  kind: 'denial',
  occurredAt: '2025-04-05T12:00:00Z',
  quote: 'We never said that.',
  citation,
  tone: 2,
  denial: { claim: 'a threat' },
};

const ACTION_ID = '6a0e4a5e-0f5d-4a43-9d6f-3b1f0f7a0204';
/** A GDELT row: "fight" (190, −10 in the table) that the row itself weighs at −9.5. */
const action: RecordDraft = {
  ...draft,
  id: ACTION_ID,
  kind: 'action',
  occurredAt: '2025-04-06T12:00:00Z',
  citation: { outlet: 'GDELT 2.0', title: 'Event 1' },
  code: '190',
  tone: -3.25,
  origin: { dataset: 'gdelt2', id: '1', intensity: -9.5 },
};

const FIRST = '2025-06-01T10:00:00.000Z';
const SECOND = '2025-06-02T10:00:00.000Z';
const ms = Date.parse;

const { created, corrected, retracted } = dyadEvents(STREAM);
const onStream = (event: DyadEvent, recordedAt?: string) => inStream(STREAM, event, recordedAt);
const registered = (id: string) => {
  const profile: ActorProfile = { id, name: id.toUpperCase(), kind: 'state', aliases: [] };
  return inStream(actorStream(id), { type: 'ActorRegistered', data: profile });
};

const points = 'SELECT * FROM tone_points ORDER BY record_id, version';
const measures = 'SELECT version, code, intensity, tone, valid_to_ms FROM tone_points';

describe('tone projection: a point per record', () => {
  it.each([
    ['statement', statement, '111', -2, -5],
    ['threat', threat, null, -4.4, null],
    ['denial', denial, null, -2, 2],
  ] as const)(
    'keeps a %s with its intensity and its tone (null when not coded)',
    (kind, record, code, intensity, tone) => {
      given([])
        .when([created(record, FIRST)])
        .then(({ rows }) => {
          expect(rows<TonePointRow>(points)).toEqual([
            {
              record_id: record.id,
              version: 1,
              source: 'usa',
              target: 'rus',
              kind,
              occurred_at: record.occurredAt,
              occurred_at_ms: ms(record.occurredAt),
              code,
              intensity,
              tone,
              valid_from_ms: ms(FIRST),
              valid_to_ms: null,
              // A hand-coded record: no weights, and an event of its own.
              dataset: null,
              origin_id: null,
              mentions: null,
              sources: null,
              articles: null,
              root: null,
              event_key: null,
            },
          ]);
        });
    },
  );
});

describe('tone projection: weights and the same-event key', () => {
  const gdelt = (id: string, origin: Partial<RecordDraft['origin']>, at: string): RecordDraft => ({
    ...action,
    id,
    occurredAt: at,
    origin: { dataset: 'gdelt2', id: id.slice(-3), intensity: -9.5, ...origin },
  });
  const A = '6a0e4a5e-0f5d-4a43-9d6f-3b1f0f7a0301';
  const B = '6a0e4a5e-0f5d-4a43-9d6f-3b1f0f7a0302';
  const C = '6a0e4a5e-0f5d-4a43-9d6f-3b1f0f7a0303';
  const keys =
    'SELECT record_id, mentions, sources, articles, root, event_key FROM tone_points ORDER BY record_id';

  it('keeps the origin counts and root flag, and keys re-reports of a day by dataset, dyad, kind and code', () => {
    given([])
      .when([
        created(
          gdelt(A, { mentions: 3, sources: 2, articles: 4, root: true }, '2025-04-06T00:00:00Z'),
          FIRST,
        ),
        created(gdelt(B, { mentions: 1, root: false }, '2025-04-06T00:00:00Z'), FIRST),
        created(gdelt(C, {}, '2025-04-07T00:00:00Z'), FIRST),
      ])
      .then(({ rows }) => {
        const day6 = JSON.stringify(['gdelt2', 'usa', 'rus', 'action', '190', '2025-04-06']);
        const day7 = JSON.stringify(['gdelt2', 'usa', 'rus', 'action', '190', '2025-04-07']);
        expect(rows(keys)).toEqual([
          { record_id: A, mentions: 3, sources: 2, articles: 4, root: 1, event_key: day6 },
          { record_id: B, mentions: 1, sources: null, articles: null, root: 0, event_key: day6 },
          {
            record_id: C,
            mentions: null,
            sources: null,
            articles: null,
            root: null,
            event_key: day7,
          },
        ]);
      });
  });

  it('keys ICEWS rows by Event ID whatever their day, and re-keys a record whose code is corrected', () => {
    const icews = (id: string, at: string): RecordDraft => ({
      ...gdelt(id, {}, at),
      origin: { dataset: 'icews', id: '77', intensity: -9.5 },
    });
    given([
      created(icews(A, '2025-04-06T00:00:00Z'), FIRST),
      created(icews(B, '2025-04-09T00:00:00Z'), FIRST),
    ])
      .when([corrected(B, { code: '191' }, SECOND)])
      .then(({ rows }) => {
        expect(rows(`${keys.replace(' ORDER', ' WHERE valid_to_ms IS NULL ORDER')}`)).toEqual([
          expect.objectContaining({
            record_id: A,
            event_key: JSON.stringify(['icews', '77', 'usa', 'rus', 'action', '190']),
          }),
          expect.objectContaining({
            record_id: B,
            event_key: JSON.stringify(['icews', '77', 'usa', 'rus', 'action', '191']),
          }),
        ]);
      });
  });
});

describe('tone projection: corrections', () => {
  it('closes the point at the correction and opens one with the new tone', () => {
    given([created(statement, FIRST)])
      .when([corrected(STATEMENT_ID, { tone: -8 }, SECOND)])
      .then(({ rows }) => {
        expect(rows(measures)).toEqual([
          { version: 1, code: '111', intensity: -2, tone: -5, valid_to_ms: ms(SECOND) },
          { version: 2, code: '111', intensity: -2, tone: -8, valid_to_ms: null },
        ]);
      });
  });

  it('re-scores the intensity when the code changes, and drops a tone corrected to null', () => {
    given([created(statement, FIRST)])
      .when([corrected(STATEMENT_ID, { code: '138', tone: null }, SECOND)])
      .then(({ rows }) => {
        expect(rows(measures)[1]).toEqual({
          version: 2,
          code: '138',
          intensity: -7,
          tone: null,
          valid_to_ms: null,
        });
      });
  });

  it('falls back to the kind default when the code is removed', () => {
    given([created(statement, FIRST)])
      .when([corrected(STATEMENT_ID, { code: null }, SECOND)])
      .then(({ rows }) => {
        expect(rows(measures)[1]).toMatchObject({ code: null, intensity: 0 });
      });
  });

  it('moves the point when the time it occurred is corrected', () => {
    given([created(threat, FIRST)])
      .when([corrected(THREAT_ID, { occurredAt: '2025-04-01T09:00:00+02:00' }, SECOND)])
      .then(({ rows }) => {
        expect(
          rows('SELECT version, occurred_at, occurred_at_ms FROM tone_points WHERE version = 2'),
        ).toEqual([
          {
            version: 2,
            occurred_at: '2025-04-01T09:00:00+02:00',
            occurred_at_ms: ms('2025-04-01T07:00:00Z'),
          },
        ]);
      });
  });

  it('opens no new point for a correction that changes neither time, code nor tone', () => {
    given([created(statement, FIRST)])
      .when([corrected(STATEMENT_ID, { quote: 'Quite unacceptable.', topics: ['trade'] }, SECOND)])
      .then(({ rows }) => {
        expect(rows(measures)).toEqual([
          { version: 1, code: '111', intensity: -2, tone: -5, valid_to_ms: null },
        ]);
      });
  });
});

describe("tone projection: a dataset row's own weight", () => {
  it('weighs the record by its row, and keeps that weight whatever its code becomes', () => {
    given([created(action, FIRST)])
      .when([
        corrected(ACTION_ID, { code: '0211' }, SECOND),
        corrected(ACTION_ID, { code: null, tone: -4 }, '2025-06-03T10:00:00.000Z'),
      ])
      .then(({ rows }) => {
        expect(rows(measures)).toEqual([
          { version: 1, code: '=190', intensity: -9.5, tone: -3.25, valid_to_ms: ms(SECOND) },
          {
            version: 2,
            code: '=0211',
            intensity: -9.5,
            tone: -3.25,
            valid_to_ms: ms('2025-06-03T10:00:00.000Z'),
          },
          { version: 3, code: '=', intensity: -9.5, tone: -4, valid_to_ms: null },
        ]);
      });
  });

  it('weighs a dataset record without its own weight by the table, like any other', () => {
    const { origin: _origin, ...rest } = action;
    given([])
      .when([created({ ...rest, origin: { dataset: 'icews', id: '2' } }, FIRST)])
      .then(({ rows }) => {
        expect(rows(measures)).toEqual([
          { version: 1, code: '190', intensity: -10, tone: -3.25, valid_to_ms: null },
        ]);
      });
  });
});

describe('tone projection: retraction and outcomes', () => {
  it('closes the point of a retracted record and opens none', () => {
    given([created(statement, FIRST)])
      .when([retracted(STATEMENT_ID, SECOND)])
      .then(({ rows }) => {
        expect(rows('SELECT version, valid_to_ms FROM tone_points')).toEqual([
          { version: 1, valid_to_ms: ms(SECOND) },
        ]);
      });
  });

  it("leaves a threat's point as it is when its outcome is recorded", () => {
    given([created(threat, FIRST)])
      .when([
        onStream({
          type: 'ThreatOutcomeRecorded',
          data: { recordId: THREAT_ID, outcome: 'withdrawn', occurredAt: '2025-05-01T00:00:00Z' },
        }),
      ])
      .then(({ rows }) => {
        expect(rows('SELECT version, valid_to_ms FROM tone_points')).toEqual([
          { version: 1, valid_to_ms: null },
        ]);
      });
  });
});

describe('tone projection: read as a tone view', () => {
  const month = {
    source: 'usa',
    target: 'rus',
    mode: 'directed',
    bucket: 'month',
    tz: 'UTC',
    from: '2025-03-01T00:00:00Z',
    to: '2025-05-01T00:00:00Z',
    halfLife: 'P30D',
  } as const;

  it('counts each kind and keeps the intensity and tone measures apart, per bucket', () => {
    given([registered('usa'), registered('rus')])
      .when([created(statement), created(threat), created(denial)])
      .then(({ db }) => {
        const view = new ToneReader(db, new ActorDirectory(db)).toneAtOnce(month);
        const [march, april] = view.series;
        expect(view.series).toHaveLength(2);
        expect(march?.counts).toEqual({ statement: 1, threat: 1, denial: 0, action: 0, total: 2 });
        expect(march?.intensity).toMatchObject({ n: 2, mean: -3.2, min: -4.4, max: -2 });
        expect(march?.tone).toMatchObject({ n: 1, mean: -5 });
        expect(april?.counts).toEqual({ statement: 0, threat: 0, denial: 1, action: 0, total: 1 });
        expect(april?.intensity).toMatchObject({ n: 1, mean: -2 });
        expect(april?.tone).toMatchObject({ n: 1, mean: 2 });
      });
  });

  it('leaves a retracted record out now, and counts it as of before the retraction', () => {
    given([registered('usa'), registered('rus'), created(statement, FIRST), created(threat, FIRST)])
      .when([retracted(STATEMENT_ID, SECOND)])
      .then(({ db }) => {
        const reader = new ToneReader(db, new ActorDirectory(db));
        expect(reader.toneAtOnce(month).series[0]?.counts.total).toBe(1);
        const before = reader.toneAtOnce({ ...month, asOfMs: ms(SECOND) - 1 });
        expect(before.series[0]?.counts).toMatchObject({ statement: 1, total: 2 });
      });
  });
});
