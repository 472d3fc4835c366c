import type { CandidateRecord } from '../domain/suggestion';
import { applyEdits, suggestedRecord } from './suggested-record';

const TEXT =
  '"We will impose tariffs of 50% by Friday if the border stays closed," Kovalenko said.';

const candidate = (overrides: Partial<CandidateRecord> = {}): CandidateRecord => ({
  key: 'k1',
  quote: { text: TEXT.slice(1, 67), start: 1, end: 67, reported: false },
  sentence: { text: TEXT, start: 0, end: TEXT.length },
  speaker: {
    span: { text: 'Kovalenko', start: 70, end: 79 },
    resolved: { actorId: 'marta-kovalenko', name: 'Marta Kovalenko', score: 0.9 },
    candidates: [{ actorId: 'marta-kovalenko', name: 'Marta Kovalenko', score: 0.9 }],
    how: 'alias',
  },
  target: { span: null, resolved: null, candidates: [], how: 'none' },
  kind: 'threat',
  kindScore: 0.8,
  cameo: [{ code: '1312', score: 0.7, label: 'Threaten with sanctions, boycott, embargo' }],
  tone: { value: -6, basis: 'threat verb "impose"' },
  threat: {
    instrument: 'tariff',
    magnitude: '50%',
    condition: 'if the border stays closed',
    deadline: 'by Friday',
  },
  date: { occurredAt: '2026-03-01T12:00:00Z', precision: 'day', basis: 'on Sunday', span: null },
  ...overrides,
});

describe('the record a suggestion proposes', () => {
  it('takes the quote, speaker, top code, tone, date and threat terms; a worded deadline goes to the note', () => {
    const record = suggestedRecord(candidate(), { outlet: 'Herald', title: 'Tariffs' });
    expect(record).toMatchObject({
      kind: 'threat',
      source: 'marta-kovalenko',
      quote: TEXT.slice(1, 67),
      code: '1312',
      tone: -6,
      occurredAt: '2026-03-01T12:00:00Z',
      precision: 'day',
      citation: { outlet: 'Herald', title: 'Tariffs' },
      threat: { instrument: 'tariff', magnitude: '50%', condition: 'if the border stays closed' },
    });
    // Unresolved: left for the recorder's edits, not guessed.
    expect(record.target).toBeUndefined();
    expect(record.note).toContain('Deadline as said: by Friday.');
    expect(record.note).toContain('threat verb "impose"');
  });

  it('leaves out a date the record cannot hold, and makes an hour an instant', () => {
    const year = suggestedRecord(
      candidate({
        date: {
          occurredAt: '2026-01-01T00:00:00Z',
          precision: 'year',
          basis: 'this year',
          span: null,
        },
      }),
      {},
    );
    expect(year.occurredAt).toBeUndefined();
    const hour = suggestedRecord(
      candidate({
        date: {
          occurredAt: '2026-03-01T14:00:00Z',
          precision: 'hour',
          basis: 'at 2 pm',
          span: null,
        },
      }),
      {},
    );
    expect(hour.precision).toBe('instant');
  });

  it('names only the fields the edits change, merging the citation field by field', () => {
    const suggested = suggestedRecord(candidate(), { outlet: 'Herald', title: 'Tariffs' });
    const { record, changed } = applyEdits(suggested, {
      source: 'marta-kovalenko',
      target: 'ruritania',
      citation: { url: 'https://example.org/a' },
      tone: -6,
    });
    expect(changed).toEqual(['citation', 'target']);
    expect(record.citation).toEqual({
      outlet: 'Herald',
      title: 'Tariffs',
      url: 'https://example.org/a',
    });
    expect(applyEdits(suggested, {}).changed).toEqual([]);
  });
});
