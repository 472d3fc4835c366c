import {
  byName,
  DATASET_FIXTURES,
  splitFixture,
} from '../../../test/fixtures/datasets/dataset-fixtures';
import { isCameoCode, kindOfCameo, quadClassOfCode, threatInstrumentOf } from './cameo';
import type { DatasetRow } from './dataset-row';
import { mapRow } from './map-row';
import { cameoRootOf, ploverThreatInstrument } from './plover';

/** A row with one column changed: `column` an index (GDELT, no header) or a name (ICEWS). */
function withCode(row: DatasetRow, column: number | string, code: string): DatasetRow {
  const at = typeof column === 'number' ? column : (row.header ?? []).indexOf(column);
  return { ...row, fields: row.fields.map((field, i) => (i === at ? code : field)) };
}

describe('CAMEO and PLOVER codes', () => {
  it('takes only the event codes the codebook lists, not every code of the right shape', () => {
    expect(['0334', '163', '072', '1056', '2042'].filter(isCameoCode)).toHaveLength(5);
    expect(['0999', '1315', '21', '---'].filter(isCameoCode)).toEqual([]);
  });

  it('skips a GDELT or ICEWS row whose code the codebook does not list as unknown-code', () => {
    // GDELT 2.0 EventCode is column 26 (Event Codebook V2.0); ICEWS names its column.
    const gdelt = splitFixture(DATASET_FIXTURES.gdelt2).rows.find(
      (row) => mapRow('gdelt2', row).status === 'record',
    )!;
    const icews = splitFixture(DATASET_FIXTURES.icews).rows.find(
      (row) => mapRow('icews', row).status === 'record' && byName(row)('CAMEO Code') !== '',
    )!;
    for (const code of ['0999', '1315']) {
      expect(mapRow('gdelt2', withCode(gdelt, 26, code))).toMatchObject({
        status: 'skipped',
        reason: 'unknown-code',
      });
      expect(mapRow('icews', withCode(icews, 'CAMEO Code', code))).toMatchObject({
        status: 'skipped',
        reason: 'unknown-code',
      });
    }
    expect(mapRow('gdelt2', withCode(gdelt, 26, '0334')).status).toBe('record');
  });

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
