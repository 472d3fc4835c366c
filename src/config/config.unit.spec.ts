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

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['PARLEY_SAMPLE_DATA', 'sometimes'],
    ['PARLEY_EVENT_STORE', 'postgres'],
    ['LOG_LEVEL', 'loud'],
  ])('refuses %s=%s with a message that names it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(InvalidConfig);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name}="${value}"`));
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
