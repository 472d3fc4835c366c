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

  it.each([
    ['0334', 6], // express intent to provide military protection: its own weight, not 03's 4
    ['163', -8], // impose embargo, boycott or sanctions: not 16's -4
    ['072', 8.3], // provide military aid: not 07's 7
    ['1313', -5.8], // threaten to reduce or break relations
  ])('weighs CAMEO %s by its own published weight, %d, not by a parent', (code, value) => {
    expect(intensityOf('statement', code)).toEqual({ value, source: 'cameo', code });
  });

  it('weighs a code stored before unlisted codes were refused by its nearest listed parent', () => {
    // 0999 and 099 are not CAMEO codes; 09 (investigate) is.
    expect(intensityOf('statement', '0999')).toEqual({ value: -2, source: 'cameo', code: '09' });
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
