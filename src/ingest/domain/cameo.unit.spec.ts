import { kindOfCameo, quadClassOfCode, threatInstrumentOf } from './cameo';
import { cameoRootOf, ploverThreatInstrument } from './plover';

describe('CAMEO and PLOVER codes', () => {
  it('gives each CAMEO root GDELT’s QuadClass', () => {
    const quads = Array.from({ length: 20 }, (_, i) =>
      quadClassOfCode(String(i + 1).padStart(2, '0')),
    );
    expect(quads).toEqual([1, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4]);
  });

  it('reads a threat’s instrument off its CAMEO code', () => {
    expect(
      [
        '1312',
        '1311',
        '1313',
        '134',
        '135',
        '136',
        '138',
        '1381',
        '1385',
        '130',
        '1321',
        '139',
      ].map(threatInstrumentOf),
    ).toEqual([
      'sanction',
      'economic',
      'diplomatic',
      'diplomatic',
      'diplomatic',
      'diplomatic',
      'military',
      'military',
      'military',
      'other',
      'other',
      'other',
    ]);
  });

  it('makes root 13 a threat, 016 a denial, and the rest statements or actions by QuadClass', () => {
    expect(kindOfCameo('1312', 3)).toBe('threat');
    expect(kindOfCameo('016', 1)).toBe('denial');
    expect(kindOfCameo('015', 1)).toBe('statement');
    expect(kindOfCameo('112', 3)).toBe('statement');
    expect(kindOfCameo('061', 2)).toBe('action');
    expect(kindOfCameo('190', 4)).toBe('action');
  });

  it('reads a PLOVER threat’s instrument off its mode and contexts', () => {
    expect(ploverThreatInstrument('relations', [])).toBe('diplomatic');
    expect(ploverThreatInstrument('expel', ['diplomatic'])).toBe('diplomatic');
    expect(ploverThreatInstrument('restrict', ['economic'])).toBe('sanction');
    expect(ploverThreatInstrument('restrict', ['military'])).toBe('military');
    expect(ploverThreatInstrument('territory', [])).toBe('military');
    expect(ploverThreatInstrument('violence', ['cbrn'])).toBe('military');
    expect(ploverThreatInstrument('violence', ['repression'])).toBe('other');
    expect(ploverThreatInstrument('arrest', [])).toBe('other');
    expect(ploverThreatInstrument('', [])).toBe('other');
  });

  it('gives a PLOVER type the CAMEO root its codebook maps to it, and none where it maps several', () => {
    expect(cameoRootOf('CONSULT', 'visit')).toBe('04');
    expect(cameoRootOf('ACCUSE', 'investigate')).toBe('09');
    expect(cameoRootOf('ACCUSE', 'allege')).toBe('11');
    expect(cameoRootOf('ASSAULT', 'aerial')).toBeUndefined();
  });
});
