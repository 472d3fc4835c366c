import { applyChanges, kindRuleBroken, type RecordDraft } from './record';

const threat: RecordDraft = {
  id: '0b7f6f9e-3c1a-4a55-9d57-2f6f3b7e8a10',
  kind: 'threat',
  source: 'donald-trump',
  target: 'rus',
  occurredAt: '2025-03-30T14:00:00-04:00',
  precision: 'day',
  quote: 'secondary tariffs on all oil',
  citation: { outlet: 'NBC News', title: 'Interview', url: 'https://example.org/a' },
  topics: ['oil'],
  tone: -6,
  threat: { instrument: 'tariff', magnitude: '50%', deadline: '2025-04-30T00:00:00Z' },
};

describe('applyChanges', () => {
  it('replaces plain fields and leaves the others as they were', () => {
    expect(applyChanges(threat, { tone: -8, quote: 'new quote' })).toEqual({
      ...threat,
      tone: -8,
      quote: 'new quote',
    });
  });

  it('removes an optional field given null', () => {
    const next = applyChanges(threat, { tone: null });
    expect(next).not.toHaveProperty('tone');
    expect(next.quote).toBe(threat.quote);
  });

  it('merges nested objects one level deep: null removes only that key', () => {
    const next = applyChanges(threat, {
      threat: { deadline: null, condition: 'no ceasefire' },
      citation: { url: null },
    });
    expect(next.threat).toEqual({
      instrument: 'tariff',
      magnitude: '50%',
      condition: 'no ceasefire',
    });
    expect(next.citation).toEqual({ outlet: 'NBC News', title: 'Interview' });
  });

  it('replaces arrays whole', () => {
    expect(applyChanges(threat, { topics: ['tariffs'] }).topics).toEqual(['tariffs']);
  });

  it('does not change the record it was given', () => {
    const before = JSON.stringify(threat);
    applyChanges(threat, { tone: null, threat: { deadline: null } });
    expect(JSON.stringify(threat)).toBe(before);
  });
});

describe('kindRuleBroken', () => {
  const { threat: _terms, ...statementFields } = threat;
  const statement: RecordDraft = { ...statementFields, kind: 'statement' };

  it('passes records that keep their kind rules', () => {
    expect(kindRuleBroken(threat)).toBeUndefined();
    expect(kindRuleBroken(statement)).toBeUndefined();
    expect(
      kindRuleBroken({ ...statement, kind: 'denial', denial: { claim: 'never said it' } }),
    ).toBeUndefined();
  });

  it('names the broken rule and its field', () => {
    expect(kindRuleBroken({ ...statement, kind: 'threat' })?.field).toBe('threat.instrument');
    expect(kindRuleBroken({ ...statement, threat: { instrument: 'military' } })?.field).toBe(
      'threat',
    );
    expect(kindRuleBroken({ ...statement, kind: 'denial' })?.field).toBe('denial');
    expect(kindRuleBroken({ ...statement, denial: { claim: 'x' } })?.field).toBe('denial');
  });
});

describe('the rules of a record taken from a dataset', () => {
  const { threat: _terms, quote: _quote, ...fields } = threat;
  const origin = { dataset: 'gdelt2', id: '1234567890', intensity: -9.5 } as const;

  it('lets a record with an origin go without a quote, and no other', () => {
    expect(kindRuleBroken({ ...fields, kind: 'action', origin })).toBeUndefined();
    expect(kindRuleBroken({ ...fields, kind: 'action' })?.field).toBe('quote');
    expect(kindRuleBroken({ ...fields, kind: 'statement' })?.field).toBe('quote');
  });

  it('lets a dataset denial go without naming what it denies; a threat still names its instrument', () => {
    expect(kindRuleBroken({ ...fields, kind: 'denial', origin })).toBeUndefined();
    expect(kindRuleBroken({ ...fields, kind: 'threat', origin })?.field).toBe('threat.instrument');
  });

  it('holds an action to no threat terms and no denied target', () => {
    const action: RecordDraft = { ...fields, kind: 'action', origin };
    expect(kindRuleBroken({ ...action, threat: { instrument: 'military' } })?.field).toBe('threat');
    expect(kindRuleBroken({ ...action, denial: { claim: 'x' } })?.field).toBe('denial');
  });
});
