import {
  countryOfCameoCode,
  countryOfName,
  DATASET_COUNTRY_SPELLINGS,
  stateActor,
} from './countries';

describe('countries of the datasets', () => {
  it('takes a CAMEO country code as ISO alpha-3, but for CAMEO’s own codes and its regions', () => {
    expect(countryOfCameoCode('USA')).toEqual({ status: 'state', alpha3: 'USA' });
    expect(countryOfCameoCode('ROM')).toEqual({ status: 'state', alpha3: 'ROU' });
    expect(countryOfCameoCode('ZAR')).toEqual({ status: 'state', alpha3: 'COD' });
    expect(countryOfCameoCode('TMP')).toEqual({ status: 'state', alpha3: 'TLS' });
    for (const region of ['AFR', 'EUR', 'WST', 'NMR']) {
      expect(countryOfCameoCode(region)).toEqual({ status: 'region' });
    }
    expect(countryOfCameoCode('XYZ')).toEqual({ status: 'unknown' });
  });

  it('knows a country by its English names, its alpha-3 and the datasets’ own spellings', () => {
    expect(countryOfName('Russia')).toEqual({ status: 'state', alpha3: 'RUS' });
    expect(countryOfName('United States')).toEqual({ status: 'state', alpha3: 'USA' });
    expect(countryOfName('Turkey')).toEqual({ status: 'state', alpha3: 'TUR' });
    expect(countryOfName('South Korea')).toEqual({ status: 'state', alpha3: 'KOR' });
    expect(countryOfName('RUS')).toEqual({ status: 'state', alpha3: 'RUS' });
    expect(countryOfName('Congo')).toEqual({ status: 'state', alpha3: 'COG' });
    expect(countryOfName('Serbia and Montenegro')).toEqual({ status: 'unknown' });
  });

  it('resolves each spelling of its table to a real state', () => {
    for (const [name, alpha3] of DATASET_COUNTRY_SPELLINGS) {
      expect(countryOfName(name)).toEqual({ status: 'state', alpha3 });
      expect(stateActor(alpha3).name).not.toBe(alpha3);
    }
  });

  it('makes one state actor per country, whichever dataset names it', () => {
    expect(stateActor('RUS')).toEqual({
      id: 'rus',
      name: 'Russian Federation',
      kind: 'state',
      aliases: ['RUS'],
      country: 'RUS',
    });
  });
});
