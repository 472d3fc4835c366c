import type { EventMetadata } from '../event-store.port';
import { upcasterChain, type EventSchemas, type UpcastableEvent } from './upcaster-chain';
import { UnreadableEventData } from './upcasting.errors';

/** A made-up history: v1 `{ name }`, v2 `{ first, last }`, v3 adds `middle`. */
const SCHEMAS: EventSchemas = {
  EnvoyNamed: {
    current: 3,
    upcasters: {
      1: (data) => {
        const [first = '', last = ''] = (data as { name: string }).name.split(' ');
        return { first, last };
      },
      2: (data) => ({ ...(data as object), middle: null }),
    },
  },
};

function event(schemaVersion: number, data: unknown): UpcastableEvent {
  const metadata: EventMetadata = { schemaVersion, correlationId: 'c-1' };
  return { type: 'EnvoyNamed', data, metadata };
}

describe('upcasterChain', () => {
  const chain = upcasterChain(SCHEMAS);

  it('applies every upcaster from the stored version up to the current one, in order', () => {
    expect(chain.upcast(event(1, { name: 'Steve Witkoff' }))).toEqual({
      type: 'EnvoyNamed',
      data: { first: 'Steve', last: 'Witkoff', middle: null },
      metadata: { schemaVersion: 3, correlationId: 'c-1' },
    });
  });

  it('applies only the upcasters above the stored version', () => {
    expect(chain.upcast(event(2, { first: 'Kirill', last: 'Dmitriev' })).data).toEqual({
      first: 'Kirill',
      last: 'Dmitriev',
      middle: null,
    });
  });

  it('keeps the rest of the event, and leaves the stored event as it was', () => {
    const old = event(1, { name: 'Steve Witkoff' });
    const upcast = chain.upcast({ ...old, stream: 'envoys', revision: 4 });
    expect(upcast).toMatchObject({ stream: 'envoys', revision: 4 });
    expect(old).toEqual(event(1, { name: 'Steve Witkoff' }));
  });

  it('reports an upcaster that cannot read the data with the type and the version it read', () => {
    expect(() => chain.upcast(event(1, { name: 42 }))).toThrow(UnreadableEventData);
    expect(() => chain.upcast(event(1, { name: 42 }))).toThrow(/EnvoyNamed .* version 1/);
  });

  it('knows the current version of each type, and 1 for any other', () => {
    expect(chain.currentVersion('EnvoyNamed')).toBe(3);
    expect(chain.currentVersion('EnvoyRecalled')).toBe(1);
  });

  it('refuses a table with a gap in a chain', () => {
    expect(() =>
      upcasterChain({ EnvoyNamed: { current: 3, upcasters: { 1: (data) => data } } }),
    ).toThrow(/EnvoyNamed: version 3 needs one upcaster from each of \[1, 2\], found \[1\]/);
  });

  it('refuses a table with an upcaster beyond the current version', () => {
    expect(() =>
      upcasterChain({ EnvoyNamed: { current: 1, upcasters: { 1: (data) => data } } }),
    ).toThrow(/found \[1\]/);
  });

  it('refuses a current version that is not a positive integer', () => {
    expect(() => upcasterChain({ EnvoyNamed: { current: 0, upcasters: {} } })).toThrow(
      /positive integer/,
    );
  });
});
