import { toneSourceOf } from './tone-source';

describe('toneSourceOf', () => {
  it('names the recorder for a hand-coded tone, the dataset and its field for an imported one', () => {
    expect(toneSourceOf({ tone: -6 })).toBe('recorder');
    expect(toneSourceOf({ tone: -3, origin: { dataset: 'gdelt2', id: '1' } })).toBe(
      'gdelt2:AvgTone',
    );
    expect(toneSourceOf({ tone: -3, origin: { dataset: 'gdelt1', id: '1' } })).toBe(
      'gdelt1:AvgTone',
    );
    expect(toneSourceOf({ tone: 0, origin: { dataset: 'icews', id: '1' } })).toBe('icews');
  });

  it("names the recorder for an imported record's tone a recorder corrected", () => {
    expect(toneSourceOf({ tone: -8, origin: { dataset: 'gdelt2', id: '1' } }, true)).toBe(
      'recorder',
    );
  });

  it('names nothing when there is no tone', () => {
    expect(toneSourceOf({})).toBeUndefined();
    expect(toneSourceOf({ origin: { dataset: 'gdelt2', id: '1' } })).toBeUndefined();
  });
});
