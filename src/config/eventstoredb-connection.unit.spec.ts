import { InvalidConfig, loadConfig } from './config';

describe('the EventStoreDB (KurrentDB) connection string', () => {
  const onEventStoreDb = { PARLEY_EVENT_STORE: 'eventstoredb' } as const;

  it.each([
    'kurrentdb://localhost:2113?tls=false',
    'kurrentdb+discover://cluster.example.org:2113',
    'esdb://localhost:2113?tls=false',
    'esdb+discover://cluster.example.org:2113',
  ])('takes %s', (connection) => {
    const config = loadConfig({ ...onEventStoreDb, EVENTSTORE_CONNECTION_STRING: connection });
    expect(config.EVENTSTORE_CONNECTION_STRING).toBe(connection);
  });

  it('refuses another scheme, naming the setting and the schemes it takes', () => {
    const load = (): unknown =>
      loadConfig({ ...onEventStoreDb, EVENTSTORE_CONNECTION_STRING: 'http://localhost:2113' });
    expect(load).toThrow(InvalidConfig);
    expect(load).toThrow(/EVENTSTORE_CONNECTION_STRING=.*kurrentdb:\/\/.*esdb:\/\//);
  });

  it('takes KurrentDB’s own name for the setting, KURRENTDB_CONNECTION_STRING', () => {
    const config = loadConfig({
      ...onEventStoreDb,
      KURRENTDB_CONNECTION_STRING: 'kurrentdb://localhost:2113?tls=false',
    });
    expect(config.EVENTSTORE_CONNECTION_STRING).toBe('kurrentdb://localhost:2113?tls=false');
  });

  it('refuses a bad KURRENTDB_CONNECTION_STRING by that name', () => {
    expect(() =>
      loadConfig({ ...onEventStoreDb, KURRENTDB_CONNECTION_STRING: 'localhost:2113' }),
    ).toThrow(/KURRENTDB_CONNECTION_STRING="localhost:2113"/);
  });

  it('refuses the two names set to different servers, since either could be meant', () => {
    expect(() =>
      loadConfig({
        ...onEventStoreDb,
        EVENTSTORE_CONNECTION_STRING: 'esdb://old:2113?tls=false',
        KURRENTDB_CONNECTION_STRING: 'kurrentdb://new:2113?tls=false',
      }),
    ).toThrow(/EVENTSTORE_CONNECTION_STRING.*KURRENTDB_CONNECTION_STRING/s);
  });

  it('still needs one of them with PARLEY_EVENT_STORE=eventstoredb, and names both', () => {
    expect(() => loadConfig(onEventStoreDb)).toThrow(
      /EVENTSTORE_CONNECTION_STRING.*KURRENTDB_CONNECTION_STRING/s,
    );
  });
});
