import { deciderSpec } from '../../../test/support/decider-spec';
import { NotFound, Refused } from '../../common/domain-error';
import {
  decideDyad,
  dyadStream,
  evolveDyad,
  initialDyadState,
  type DyadCommand,
  type DyadEvent,
  type RecordCreatedData,
  type ThreatOutcomeData,
} from './dyad';
import type { RecordChanges, RecordDraft } from './record';

const STATEMENT_ID = '6a0e4a5e-0f5d-4a43-9d6f-3b1f0f7a0001';
const THREAT_ID = '6a0e4a5e-0f5d-4a43-9d6f-3b1f0f7a0002';
const DENIAL_ID = '6a0e4a5e-0f5d-4a43-9d6f-3b1f0f7a0003';

const citation = { outlet: 'NBC News', title: 'Trump says he is angry at Putin' };

const statement: RecordDraft = {
  id: STATEMENT_ID,
  kind: 'statement',
  source: 'donald-trump',
  target: 'vladimir-putin',
  occurredAt: '2025-03-30T14:00:00-04:00',
  precision: 'day',
  quote: 'I was very angry, pissed off',
  citation,
  topics: ['ukraine'],
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
  citation,
  topics: ['oil', 'tariffs'],
  code: '1312',
  threat: {
    instrument: 'tariff',
    magnitude: '25% to 50%',
    condition: 'no deal on stopping the bloodshed',
    deadline: '2025-04-30T00:00:00Z',
  },
};

const denial: RecordDraft = {
  id: DENIAL_ID,
  kind: 'denial',
  source: 'donald-trump',
  target: 'vladimir-putin',
  occurredAt: '2025-03-31T10:00:00-04:00',
  precision: 'instant',
  quote: 'I am not angry',
  citation,
  topics: [],
  denial: { recordId: STATEMENT_ID },
};

const ACTION_ID = '6a0e4a5e-0f5d-4a43-9d6f-3b1f0f7a0004';

/** A material act from a GDELT row: no quote, the row's own weight. */
const action: RecordDraft = {
  id: ACTION_ID,
  kind: 'action',
  source: 'donald-trump',
  target: 'vladimir-putin',
  occurredAt: '2025-04-02T00:00:00Z',
  precision: 'day',
  citation: { outlet: 'GDELT 2.0', title: 'Event 1234567890' },
  topics: [],
  code: '163',
  origin: { dataset: 'gdelt2', id: '1234567890', quadClass: 4, intensity: -8 },
};

function created(record: RecordDraft): DyadEvent {
  const { id, ...fields } = record;
  const data: RecordCreatedData = { recordId: id, ...fields };
  switch (record.kind) {
    case 'statement':
      return { type: 'StatementRecorded', data };
    case 'threat':
      return { type: 'ThreatIssued', data };
    case 'denial':
      return { type: 'DenialIssued', data };
    case 'action':
      return { type: 'ActionRecorded', data };
  }
}

const retracted = (recordId: string): DyadEvent => ({
  type: 'RecordRetracted',
  data: { recordId, reason: 'misattributed' },
});

const carriedOut: ThreatOutcomeData = {
  recordId: THREAT_ID,
  outcome: 'carried-out',
  occurredAt: '2025-05-01T00:00:00Z',
};

/** Given these events on the dyad's stream, when the command is decided, then … */
const { given } = deciderSpec({
  decide: decideDyad,
  evolve: evolveDyad,
  initialState: initialDyadState,
});

describe('dyad: creating records', () => {
  it.each([
    ['statement', statement, 'StatementRecorded'],
    ['threat', threat, 'ThreatIssued'],
    ['denial', denial, 'DenialIssued'],
    ['action', action, 'ActionRecorded'],
  ] as const)('records a %s as %s', (_kind, record, type) => {
    const { id, ...fields } = record;
    given([])
      .when({ type: 'CreateRecord', record })
      .then([{ type, data: { recordId: id, ...fields } }]);
  });

  it('takes a retried creation with the same body, keys in another order, as already done', () => {
    const reordered: RecordDraft = {
      threat: {
        deadline: '2025-04-30T00:00:00Z',
        condition: 'no deal on stopping the bloodshed',
        magnitude: '25% to 50%',
        instrument: 'tariff',
      },
      code: '1312',
      topics: ['oil', 'tariffs'],
      citation: { title: citation.title, outlet: citation.outlet },
      quote: threat.quote,
      precision: 'day',
      occurredAt: threat.occurredAt,
      target: 'vladimir-putin',
      source: 'donald-trump',
      kind: 'threat',
      id: THREAT_ID,
    };
    given([created(threat)])
      .when({ type: 'CreateRecord', record: reordered })
      .thenNothing();
  });

  it('compares a retry with the record as first created, not as corrected', () => {
    given([
      created(statement),
      {
        type: 'RecordCorrected',
        data: { recordId: STATEMENT_ID, changes: { tone: -7 }, reason: 'reread' },
      },
    ])
      .when({ type: 'CreateRecord', record: statement })
      .thenNothing();
  });

  it('refuses the same id with a different body', () => {
    given([created(statement)])
      .when({ type: 'CreateRecord', record: { ...statement, tone: -6 } })
      .thenRefuses(Refused, 'record-id-reused', 'id');
  });

  it('refuses a threat without an instrument', () => {
    const { threat: _terms, ...withoutTerms } = threat;
    given([])
      .when({ type: 'CreateRecord', record: withoutTerms })
      .thenRefuses(Refused, 'kind-rule', 'threat.instrument');
  });

  it('refuses a statement that carries threat terms', () => {
    given([])
      .when({ type: 'CreateRecord', record: { ...statement, threat: { instrument: 'sanction' } } })
      .thenRefuses(Refused, 'kind-rule', 'threat');
  });

  it('refuses a denial that names neither a record nor a claim', () => {
    given([])
      .when({ type: 'CreateRecord', record: { ...denial, denial: {} } })
      .thenRefuses(Refused, 'kind-rule', 'denial');
  });
});

describe('dyad: corrections', () => {
  it("refuses a change of a dataset record's origin", () => {
    const changes = { origin: { dataset: 'gdelt2', id: 'another' } } as unknown as RecordChanges;
    given([created(action)])
      .when({ type: 'CorrectRecord', recordId: ACTION_ID, changes, reason: 'reweigh' })
      .thenRefuses(Refused, 'origin-not-correctable', 'origin');
  });

  it('records a correction and evolves the record to its corrected fields', () => {
    const command: DyadCommand = {
      type: 'CorrectRecord',
      recordId: STATEMENT_ID,
      changes: { tone: -7, note: 'tone reread' },
      reason: 'second coder',
    };
    const expected: DyadEvent = {
      type: 'RecordCorrected',
      data: {
        recordId: STATEMENT_ID,
        changes: { tone: -7, note: 'tone reread' },
        reason: 'second coder',
      },
    };
    const after = given([created(statement)])
      .when(command)
      .then([expected])
      .get(STATEMENT_ID);
    expect(after?.current).toEqual({ ...statement, tone: -7, note: 'tone reread' });
    expect(after?.original).toEqual(statement);
  });

  it('removes an optional field corrected to null', () => {
    const event: DyadEvent = {
      type: 'RecordCorrected',
      data: { recordId: STATEMENT_ID, changes: { tone: null }, reason: 'tone not coded' },
    };
    const current = given([created(statement)])
      .when({
        type: 'CorrectRecord',
        recordId: STATEMENT_ID,
        changes: { tone: null },
        reason: 'tone not coded',
      })
      .then([event])
      .get(STATEMENT_ID)?.current;
    expect(current).toBeDefined();
    expect(current).not.toHaveProperty('tone');
    const { tone: _tone, ...withoutTone } = statement;
    expect(current).toEqual(withoutTone);
  });

  it('removes only the deadline when the nested threat change is { deadline: null }', () => {
    const event: DyadEvent = {
      type: 'RecordCorrected',
      data: {
        recordId: THREAT_ID,
        changes: { threat: { deadline: null } },
        reason: 'no deadline was given',
      },
    };
    const after = given([created(threat)])
      .when({
        type: 'CorrectRecord',
        recordId: THREAT_ID,
        changes: { threat: { deadline: null } },
        reason: 'no deadline was given',
      })
      .then([event]);

    expect(after.get(THREAT_ID)?.current.threat).toEqual({
      instrument: 'tariff',
      magnitude: '25% to 50%',
      condition: 'no deal on stopping the bloodshed',
    });
  });

  it('records nothing for a correction that changes nothing', () => {
    given([created(threat)])
      .when({
        type: 'CorrectRecord',
        recordId: THREAT_ID,
        changes: { code: '1312', threat: { instrument: 'tariff' } },
        reason: 'checked',
      })
      .thenNothing();
  });

  it('refuses a correction that would leave a threat without its instrument', () => {
    given([created(threat)])
      .when({
        type: 'CorrectRecord',
        recordId: THREAT_ID,
        changes: { threat: null },
        reason: 'oops',
      })
      .thenRefuses(Refused, 'kind-rule', 'threat.instrument');
  });

  it('refuses to correct a retracted record', () => {
    given([created(statement), retracted(STATEMENT_ID)])
      .when({
        type: 'CorrectRecord',
        recordId: STATEMENT_ID,
        changes: { tone: -1 },
        reason: 'late fix',
      })
      .thenRefuses(Refused, 'record-retracted');
  });

  it('answers a correction of an unknown record with not found', () => {
    given([created(statement)])
      .when({ type: 'CorrectRecord', recordId: THREAT_ID, changes: { tone: -1 }, reason: 'fix' })
      .thenRefuses(NotFound, 'not-found');
  });
});

describe('dyad: retraction', () => {
  it('retracts a record and marks it retracted', () => {
    const after = given([created(statement)])
      .when({ type: 'RetractRecord', recordId: STATEMENT_ID, reason: 'misattributed' })
      .then([retracted(STATEMENT_ID)]);
    expect(after.get(STATEMENT_ID)?.retracted).toBe(true);
  });

  it('records a second retraction of the same record as nothing', () => {
    given([created(statement), retracted(STATEMENT_ID)])
      .when({ type: 'RetractRecord', recordId: STATEMENT_ID, reason: 'again' })
      .thenNothing();
  });

  it('answers a retraction of an unknown record with not found', () => {
    given([])
      .when({ type: 'RetractRecord', recordId: STATEMENT_ID, reason: 'x' })
      .thenRefuses(NotFound, 'not-found');
  });
});

describe('dyad: threat outcomes', () => {
  it('records the outcome of a threat', () => {
    given([created(threat)])
      .when({ type: 'RecordThreatOutcome', outcome: carriedOut })
      .then([{ type: 'ThreatOutcomeRecorded', data: carriedOut }]);
  });

  it('refuses an outcome on a statement', () => {
    given([created(statement)])
      .when({ type: 'RecordThreatOutcome', outcome: { ...carriedOut, recordId: STATEMENT_ID } })
      .thenRefuses(Refused, 'not-a-threat');
  });

  it('refuses an outcome on a retracted threat', () => {
    given([created(threat), retracted(THREAT_ID)])
      .when({ type: 'RecordThreatOutcome', outcome: carriedOut })
      .thenRefuses(Refused, 'record-retracted');
  });

  it('refuses a second, different outcome', () => {
    given([created(threat), { type: 'ThreatOutcomeRecorded', data: carriedOut }])
      .when({ type: 'RecordThreatOutcome', outcome: { ...carriedOut, outcome: 'withdrawn' } })
      .thenRefuses(Refused, 'outcome-already-recorded', 'outcome');
  });

  it('records the same outcome again as nothing', () => {
    given([created(threat), { type: 'ThreatOutcomeRecorded', data: carriedOut }])
      .when({ type: 'RecordThreatOutcome', outcome: { ...carriedOut } })
      .thenNothing();
  });
});

describe('dyadStream', () => {
  it('names the directed dyad stream', () => {
    expect(dyadStream('a', 'b')).toBe('dyad-a~b');
    expect(dyadStream('donald-trump', 'rus')).toBe('dyad-donald-trump~rus');
    expect(dyadStream('b', 'a')).not.toBe(dyadStream('a', 'b'));
  });
});
