import { InvalidConfig, loadConfig } from './config';

describe('configuration from the environment', () => {
  it('uses the documented defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      HOST: '127.0.0.1',
      PARLEY_DB: './data/parley.db',
      PARLEY_EVENT_STORE: 'sqlite',
      PARLEY_SAMPLE_DATA: 'auto',
      LOG_LEVEL: 'info',
    });
  });

  it('reads the values it is given', () => {
    const config = loadConfig({ PORT: '8080', PARLEY_DB: '/tmp/x.db', PARLEY_SAMPLE_DATA: 'off' });
    expect(config.PORT).toBe(8080);
    expect(config.PARLEY_DB).toBe('/tmp/x.db');
    expect(config.PARLEY_SAMPLE_DATA).toBe('off');
  });

  it('limits requests and leaves CORS and HSTS off by default', () => {
    expect(loadConfig({})).toMatchObject({
      PARLEY_RATE_LIMIT: 600,
      PARLEY_RATE_LIMIT_WINDOW: 60_000,
      PARLEY_CORS_ORIGINS: undefined,
      PARLEY_HSTS: false,
    });
  });

  it('reads request limits, CORS origins and HSTS', () => {
    const config = loadConfig({
      PARLEY_RATE_LIMIT: '0',
      PARLEY_RATE_LIMIT_WINDOW: '90s',
      PARLEY_CORS_ORIGINS: 'https://analysts.example.org, http://localhost:5173',
      PARLEY_HSTS: 'true',
    });
    expect(config.PARLEY_RATE_LIMIT).toBe(0);
    expect(config.PARLEY_RATE_LIMIT_WINDOW).toBe(90_000);
    expect(config.PARLEY_CORS_ORIGINS).toEqual([
      'https://analysts.example.org',
      'http://localhost:5173',
    ]);
    expect(config.PARLEY_HSTS).toBe(true);
    expect(loadConfig({ PARLEY_RATE_LIMIT_WINDOW: '1h' }).PARLEY_RATE_LIMIT_WINDOW).toBe(3_600_000);
    expect(loadConfig({ PARLEY_CORS_ORIGINS: '*' }).PARLEY_CORS_ORIGINS).toEqual(['*']);
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['PARLEY_SAMPLE_DATA', 'sometimes'],
    ['PARLEY_EVENT_STORE', 'postgres'],
    ['LOG_LEVEL', 'loud'],
    ['PARLEY_RATE_LIMIT', 'many'],
    ['PARLEY_RATE_LIMIT', '-1'],
    ['PARLEY_RATE_LIMIT', '2.5'],
    ['PARLEY_RATE_LIMIT_WINDOW', '60'],
    ['PARLEY_RATE_LIMIT_WINDOW', '1 minute'],
    ['PARLEY_RATE_LIMIT_WINDOW', '500ms'],
    ['PARLEY_RATE_LIMIT_WINDOW', '25h'],
    ['PARLEY_CORS_ORIGINS', 'example.org'],
    ['PARLEY_CORS_ORIGINS', 'https://example.org/'],
    ['PARLEY_CORS_ORIGINS', 'https://example.org/app'],
    ['PARLEY_CORS_ORIGINS', 'ftp://example.org'],
    ['PARLEY_CORS_ORIGINS', '*,https://example.org'],
    ['PARLEY_CORS_ORIGINS', 'https://example.org,'],
    ['PARLEY_HSTS', 'yes'],
  ])('refuses %s=%s with a message that names it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(InvalidConfig);
    expect(() => loadConfig({ [name]: value })).toThrow(
      new RegExp(`${name}="${escapeRegExp(value)}"`),
    );
  });

  it('needs an EventStoreDB connection string with PARLEY_EVENT_STORE=eventstoredb', () => {
    expect(() => loadConfig({ PARLEY_EVENT_STORE: 'eventstoredb' })).toThrow(
      /EVENTSTORE_CONNECTION_STRING/,
    );
    expect(() =>
      loadConfig({ PARLEY_EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: 'http://x' }),
    ).toThrow(/esdb:\/\//);
    const config = loadConfig({
      PARLEY_EVENT_STORE: 'eventstoredb',
      EVENTSTORE_CONNECTION_STRING: 'esdb://localhost:2113?tls=false',
    });
    expect(config.PARLEY_EVENT_STORE).toBe('eventstoredb');
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
