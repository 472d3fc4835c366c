import { CAMEO_GOLDSTEIN } from './cameo-goldstein';
import { CAMEO_CODE_PATTERN, intensityOf, recordIntensity } from './intensity';

describe('intensityOf', () => {
  it.each([
    ['013', 0.4], // make optimistic comment
    ['016', -2], // deny responsibility
    ['120', -4], // reject
    ['125', -5], // reject proposal to meet
    ['130', -4.4], // threaten
    ['1312', -5.8], // threaten with sanctions
    ['138', -7], // threaten to use military force
    ['139', -7], // give ultimatum
  ])('weighs CAMEO %s at %d on the Goldstein scale', (code, value) => {
    expect(intensityOf('statement', code)).toEqual({ value, source: 'cameo', code });
  });

  it('takes the weight of the nearest listed parent for an unlisted code', () => {
    // 0334 and 033 are not in the table; 03 (express intent to cooperate) is.
    expect(intensityOf('statement', '0334')).toEqual({ value: 4, source: 'cameo', code: '03' });
    // 1313 is not listed, 131 (threaten non-force) is.
    expect(intensityOf('threat', '1313')).toEqual({ value: -5.8, source: 'cameo', code: '131' });
  });

  it('uses the code, not the kind, when both are given', () => {
    expect(intensityOf('denial', '138')).toEqual({ value: -7, source: 'cameo', code: '138' });
  });

  it.each([
    ['statement', 0, '010'],
    ['threat', -4.4, '130'],
    ['denial', -2, '016'],
    ['action', 0, ''],
  ] as const)('falls back to the %s default (%d, code %s) without a code', (kind, value, code) => {
    expect(intensityOf(kind, undefined)).toEqual({ value, source: 'kind-default', code });
    expect(intensityOf(kind, '')).toEqual({ value, source: 'kind-default', code });
  });

  it('keeps every weight of the table inside [-10, +10] and every key a valid CAMEO code', () => {
    const entries = Object.entries(CAMEO_GOLDSTEIN.weights);
    expect(entries.length).toBeGreaterThan(0);
    for (const [code, weight] of entries) {
      expect({ code, valid: CAMEO_CODE_PATTERN.test(code) }).toEqual({ code, valid: true });
      expect(Math.abs(weight)).toBeLessThanOrEqual(10);
    }
  });

  it('accepts CAMEO codes under the roots 01–20 and refuses others', () => {
    expect(
      ['01', '013', '1312', '20', '204'].filter((c) => CAMEO_CODE_PATTERN.test(c)),
    ).toHaveLength(5);
    expect(['00', '21', '1', '13122', '13a', ''].filter((c) => CAMEO_CODE_PATTERN.test(c))).toEqual(
      [],
    );
  });
});

describe('recordIntensity', () => {
  it("uses a dataset row's own weight as it is, naming the dataset, whatever the code", () => {
    const origin = { dataset: 'gdelt2', id: '1', intensity: -9.5 } as const;
    expect(recordIntensity({ kind: 'action', code: '190', origin })).toEqual({
      value: -9.5,
      source: 'gdelt2',
      code: '190',
    });
    expect(recordIntensity({ kind: 'action', origin })).toEqual({
      value: -9.5,
      source: 'gdelt2',
      code: '',
    });
  });

  it("weighs a record without the row's weight by the table", () => {
    expect(recordIntensity({ kind: 'action', code: '190' })).toEqual(intensityOf('action', '190'));
    expect(
      recordIntensity({ kind: 'threat', code: '1312', origin: { dataset: 'icews', id: '7' } }),
    ).toEqual({ value: -5.8, source: 'cameo', code: '1312' });
  });
});
