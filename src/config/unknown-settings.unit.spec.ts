import { AppConfig, loadConfig } from './config';
import { unknownSettings, unknownSettingWarning } from './unknown-settings';

const KNOWN = Object.keys(new AppConfig());

describe('unknown PARLEY_* names', () => {
  it.each([
    ['PARLEY_BODYLIMIT', 'PARLEY_BODY_LIMIT'],
    ['PARLEY_RATELIMIT_WINDOW', 'PARLEY_RATE_LIMIT_WINDOW'],
    ['PARLEY_SAMPEL_DATA', 'PARLEY_SAMPLE_DATA'],
    ['PARLEY_PORT', 'PORT'],
    ['parley_db', 'PARLEY_DB'],
  ])('names %s and suggests %s', (name, suggestion) => {
    expect(unknownSettings({ [name]: '1' }, KNOWN)).toEqual([{ name, suggestion }]);
  });

  it('suggests nothing when no setting is close', () => {
    expect(unknownSettings({ PARLEY_FAVOURITE_COLOUR: 'red' }, KNOWN)).toEqual([
      { name: 'PARLEY_FAVOURITE_COLOUR' },
    ]);
  });

  it('knows every setting of the configuration, and the names parley’s tools read', () => {
    const env = Object.fromEntries(KNOWN.map((name) => [name, 'x']));
    expect(
      unknownSettings(
        { ...env, PARLEY_API_KEY: 'k', PARLEY_KEY: 'k', HOME: '/root', NPM_CONFIG_X: '1' },
        KNOWN,
      ),
    ).toEqual([]);
  });

  it('words the warning for an operator', () => {
    expect(
      unknownSettingWarning({ name: 'PARLEY_BODYLIMIT', suggestion: 'PARLEY_BODY_LIMIT' }),
    ).toBe(
      'PARLEY_BODYLIMIT is not a setting parley reads (ignored); did you mean PARLEY_BODY_LIMIT?',
    );
  });

  it('is warned of when the configuration is read, which still takes the known settings', () => {
    const warnings: string[] = [];
    const config = loadConfig({ PARLEY_BODYLIMIT: '2048', PARLEY_DB: '/tmp/x.db' }, (message) =>
      warnings.push(message),
    );
    expect(warnings).toEqual([
      'PARLEY_BODYLIMIT is not a setting parley reads (ignored); did you mean PARLEY_BODY_LIMIT?',
    ]);
    expect(config.PARLEY_DB).toBe('/tmp/x.db');
    expect(config.PARLEY_BODY_LIMIT).toBe(1_048_576);
  });
});
