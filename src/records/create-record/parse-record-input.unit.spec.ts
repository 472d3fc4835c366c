import { parseRecordInput, type RecordInput } from './parse-record-input';

const ID = '0b7f6f9e-3c1a-4a55-9d57-2f6f3b7e8a10';
const NEW_ID = '5f0c2d4e-8a7b-4c6d-9e1f-2a3b4c5d6e7f';
const newId = (): string => NEW_ID;

/** A valid statement as a recorder sends it; overrides replace fields, `undefined` drops one. */
function statement(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const body: Record<string, unknown> = {
    id: ID,
    kind: 'statement',
    source: 'donald-trump',
    target: 'vladimir-putin',
    occurredAt: '2025-03-30T14:00:00-04:00',
    precision: 'day',
    quote: 'I was very angry, pissed off',
    citation: { outlet: 'NBC News', title: 'Interview' },
    ...overrides,
  };
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
}

function parsed(raw: unknown): Extract<RecordInput, { ok: true }>['draft'] {
  const input = parseRecordInput(raw, newId);
  if (!input.ok) throw new Error(`refused: ${JSON.stringify(input.problems)}`);
  return input.draft;
}

/** The fields a refusal names, each once, in order. */
function refusedFields(raw: unknown): string[] {
  const input = parseRecordInput(raw, newId);
  if (input.ok) throw new Error(`taken: ${JSON.stringify(input.draft)}`);
  return [...new Set(input.problems.map((problem) => problem.field))];
}

describe('parseRecordInput', () => {
  describe('takes a valid record of each kind', () => {
    it('a statement: the draft as sent, with no topics when none are given', () => {
      expect(parsed(statement())).toEqual({ ...statement(), topics: [] });
    });

    it('a threat, with its terms', () => {
      const threat = statement({
        kind: 'threat',
        quote: 'secondary tariffs on all oil',
        topics: ['oil', 'tariffs'],
        code: '1312',
        tone: -6,
        confidence: 0.9,
        threat: {
          instrument: 'tariff',
          magnitude: '50%',
          condition: 'no ceasefire',
          deadline: '2025-04-30T00:00:00Z',
        },
      });
      expect(parsed(threat)).toEqual(threat);
    });

    it('a denial, of another record or of a claim in words', () => {
      const ofRecord = statement({ kind: 'denial', denial: { recordId: NEW_ID } });
      expect(parsed(ofRecord).denial).toEqual({ recordId: NEW_ID });
      const ofClaim = statement({ kind: 'denial', denial: { claim: 'that talks stalled' } });
      expect(parsed(ofClaim).denial).toEqual({ claim: 'that talks stalled' });
    });
  });

  describe('a record taken from a dataset', () => {
    const origin = {
      dataset: 'gdelt2',
      id: '1234567890',
      url: 'https://example.org/a',
      addedAt: '2025-03-30T18:15:00Z',
      mentions: 12,
      sources: 4,
      articles: 10,
      root: false,
      quadClass: 4,
      geo: { system: 'FIPS10-4', country: 'RS', lat: 55.75, lon: 37.62 },
      intensity: -9.5,
    };

    it('takes its origin as sent, and lets it go without a quote', () => {
      const action = statement({ kind: 'action', quote: undefined, origin });
      expect(parsed(action)).toEqual({ ...action, topics: [] });
      expect(parsed(statement({ kind: 'action', quote: null, origin }))).not.toHaveProperty(
        'quote',
      );
    });

    it('still needs a quote without an origin, named as before', () => {
      expect(refusedFields(statement({ kind: 'action', quote: undefined }))).toEqual(['quote']);
      expect(refusedFields(statement({ quote: null, origin: null }))).toEqual(['quote']);
    });

    it.each<[string, Record<string, unknown>]>([
      ['origin.dataset', { dataset: 'acled' }],
      ['origin.id', { id: '' }],
      ['origin.url', { url: 'ftp://example.org/a' }],
      ['origin.addedAt', { addedAt: '20250330181500' }],
      ['origin.mentions', { mentions: 1.5 }],
      ['origin.sources', { sources: -1 }],
      ['origin.root', { root: 1 }],
      ['origin.quadClass', { quadClass: 0 }],
      ['origin.intensity', { intensity: -10.5 }],
      ['origin.geo.system', { geo: { system: 'ISO' } }],
      ['origin.geo.lon', { geo: { system: 'name', lon: 181 } }],
      ['origin.extra', { extra: 1 }],
    ])('refuses %s', (field, change) => {
      expect(
        refusedFields(statement({ kind: 'action', origin: { ...origin, ...change } })),
      ).toEqual([field]);
    });
  });

  it('gives a record sent without an id a new one', () => {
    expect(parsed(statement({ id: undefined })).id).toBe(NEW_ID);
    expect(parsed(statement()).id).toBe(ID);
  });

  it('drops null fields, and a denial whose every field is null', () => {
    const draft = parsed(
      statement({
        code: null,
        tone: null,
        citation: { outlet: 'NBC News', title: 'Interview', url: null },
        threat: null,
        denial: { recordId: null, claim: null },
      }),
    );
    expect(draft).toEqual({ ...statement(), topics: [] });
  });

  // The kind's own rules are the domain's (kindRuleBroken), refused as 422 when recorded.
  it('leaves the rules of a kind to the domain', () => {
    expect(parseRecordInput(statement({ threat: { instrument: 'tariff' } })).ok).toBe(true);
    expect(parseRecordInput(statement({ kind: 'denial' })).ok).toBe(true);
  });

  describe('refuses an invalid field, naming it by its path', () => {
    it.each<[string, Record<string, unknown>]>([
      ['id', { id: 'not-a-uuid' }],
      ['kind', { kind: 'rumour' }],
      ['kind', { kind: undefined }],
      ['source', { source: 'Donald Trump' }],
      ['source', { source: undefined }],
      ['target', { target: 'rus-' }],
      ['occurredAt', { occurredAt: '2025-03-30T14:00:00' }],
      ['occurredAt', { occurredAt: '2025-03-30' }],
      ['occurredAt', { occurredAt: '2025-03-30T14Z' }],
      ['precision', { precision: 'week' }],
      ['quote', { quote: undefined }],
      ['quote', { quote: '' }],
      ['quote', { quote: 42 }],
      ['citation', { citation: undefined }],
      ['citation', { citation: [] }],
      ['citation.outlet', { citation: { title: 'No outlet' } }],
      ['citation.title', { citation: { outlet: 'NBC News', title: '' } }],
      ['citation.url', { citation: { outlet: 'o', title: 't', url: 'ftp://example.org/a' } }],
      ['citation.publishedAt', { citation: { outlet: 'o', title: 't', publishedAt: 'today' } }],
      ['topics', { topics: 'oil' }],
      ['topics', { topics: ['Not A Tag'] }],
      ['code', { code: 'x1' }],
      ['tone', { tone: 11 }],
      ['tone', { tone: -10.5 }],
      ['tone', { tone: '5' }],
      ['confidence', { confidence: 1.5 }],
      ['note', { note: 'x'.repeat(5001) }],
      ['threat', { kind: 'threat', threat: [] }],
      ['threat.instrument', { kind: 'threat', threat: { condition: 'no deal' } }],
      ['threat.instrument', { kind: 'threat', threat: { instrument: 'charm' } }],
      ['threat.magnitude', { kind: 'threat', threat: { instrument: 'tariff', magnitude: 50 } }],
      ['threat.condition', { kind: 'threat', threat: { instrument: 'tariff', condition: 1 } }],
      ['threat.deadline', { kind: 'threat', threat: { instrument: 'tariff', deadline: 'soon' } }],
      ['denial', { kind: 'denial', denial: [{ claim: 'c' }] }],
      ['denial.recordId', { kind: 'denial', denial: { recordId: 'r-1' } }],
      ['denial.claim', { kind: 'denial', denial: { claim: '' } }],
      ['colour', { colour: 'red' }],
      ['citation.colour', { citation: { outlet: 'o', title: 't', colour: 'red' } }],
    ])('%s (%j)', (field, overrides) => {
      expect(refusedFields(statement(overrides))).toEqual([field]);
    });

    it('with one message a field (its type before its bounds), in the order the fields are declared', () => {
      expect(parseRecordInput(statement({ tone: 11, citation: { title: 't' } }))).toEqual({
        ok: false,
        problems: [
          { field: 'citation.outlet', message: 'outlet must be a string' },
          { field: 'tone', message: 'tone must not be greater than 10' },
        ],
      });
    });

    it('each of several at once', () => {
      expect(refusedFields(statement({ kind: 'rumour', source: 'X', tone: 20 }))).toEqual([
        'kind',
        'source',
        'tone',
      ]);
    });
  });

  describe('refuses an input of the wrong shape', () => {
    it.each<[unknown, string]>([
      [null, 'null'],
      [[], 'an array'],
      [[{ kind: 'statement' }], 'an array'],
      ['a record', 'a string'],
      [42, 'a number'],
      [true, 'a boolean'],
    ])('%j is not an object', (raw, found) => {
      expect(parseRecordInput(raw)).toEqual({
        ok: false,
        problems: [{ field: '', message: `a record must be a JSON object, not ${found}` }],
      });
    });

    it.each(['constructor', '__proto__', 'hasOwnProperty', 'toString'])(
      'a key named after a member of Object.prototype (%s), at the top or nested',
      (key) => {
        const top = statement();
        Object.defineProperty(top, key, { value: 'x', enumerable: true });
        expect(refusedFields(top)).toEqual([key]);
        const nested = statement();
        Object.defineProperty(nested.citation, key, { value: 'x', enumerable: true });
        expect(refusedFields(nested)).toEqual([`citation.${key}`]);
      },
    );

    it('text that is not well-formed Unicode', () => {
      expect(refusedFields(statement({ quote: 'broken \ud800 text' }))).toEqual(['quote']);
    });

    it('nesting deeper than any record goes', () => {
      let deep: unknown = 'bottom';
      for (let level = 0; level < 2_000; level += 1) deep = { a: deep };
      expect(refusedFields(statement({ extra: deep }))[0]).toMatch(/^extra(?:\.a)+$/);
    });
  });
});
