import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { AppConfig, loadConfig } from '../../src/config/config';

/** What this test reads of a compose service. */
interface ComposeService {
  build?: string;
  image?: string;
  profiles?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  healthcheck?: { test: string | string[] };
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
}

const compose = parse(readFileSync(resolve(__dirname, '..', '..', 'docker-compose.yml'), 'utf8'), {
  merge: true,
}) as { services: Record<string, ComposeService> };
const services = Object.entries(compose.services);
const parleys = services.filter(([, s]) => s.build !== undefined);
/** KurrentDB, EventStoreDB's successor, from Kurrent's own registry. */
const KURRENTDB_IMAGE = /^docker\.kurrent\.io\/kurrent-[a-z]+\/kurrentdb:\d+\.\d+/;
const eventStores = services.filter(([, s]) => KURRENTDB_IMAGE.test(s.image ?? ''));
const profileOf = (s: ComposeService): string => s.profiles?.[0] ?? 'default';
const healthText = (s: ComposeService): string => [s.healthcheck?.test ?? []].flat().join(' ');
const containerPorts = (s: ComposeService): string[] =>
  (s.ports ?? []).map((mapping) => mapping.split(':').pop() ?? '');

/** What a user's shell would provide for the `${NAME:?message}` a service requires. */
const SHELL: Record<string, string> = {
  PARLEY_API_KEYS: 'compose-test-key-0123456789:analyst+recorder',
};

/** Compose's own interpolation of `${NAME:?message}`, from {@link SHELL}. */
function interpolate(environment: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(environment).map(([key, value]) => [
      key,
      value.replace(/\$\{(\w+):\?[^}]*\}/g, (_whole, name: string) => SHELL[name] ?? ''),
    ]),
  );
}

describe('docker-compose.yml', () => {
  it('has one parley and one EventStoreDB node by default, and 2 parleys on 3 nodes in the cluster profile', () => {
    const count = (list: typeof services, profile: string): number =>
      list.filter(([, s]) => profileOf(s) === profile).length;
    expect([count(parleys, 'default'), count(eventStores, 'default')]).toEqual([1, 1]);
    expect([count(parleys, 'cluster'), count(eventStores, 'cluster')]).toEqual([2, 3]);
  });

  it.each(parleys)(
    'sets only configuration parley accepts, with valid values (%s)',
    (_name, service) => {
      const known = Object.keys(new AppConfig());
      const environment = service.environment ?? {};
      expect(Object.keys(environment).filter((key) => !known.includes(key))).toEqual([]);
      expect(() => loadConfig(interpolate(environment))).not.toThrow();
      expect(environment.PARLEY_EVENT_STORE).toBe('eventstoredb');
      expect(environment.HOST).toBe('0.0.0.0');
    },
  );

  it.each(parleys)(
    'will not start without API keys from the shell, as the image runs with NODE_ENV=production (%s)',
    (_name, service) => {
      expect(service.environment?.PARLEY_API_KEYS).toMatch(/^\$\{PARLEY_API_KEYS:\?.+\}$/);
    },
  );

  it.each(parleys)(
    'publishes and health-checks the port parley listens on (%s)',
    (_name, service) => {
      const port = service.environment?.PORT ?? '';
      expect(containerPorts(service)).toEqual([port]);
      expect(healthText(service)).toContain(`http://127.0.0.1:${port}/health/ready`);
    },
  );

  it.each(parleys)(
    'connects to EventStoreDB nodes of its own profile, on their node port (%s)',
    (_name, service) => {
      const connection = service.environment?.EVENTSTORE_CONNECTION_STRING ?? '';
      const all = /^kurrentdb:\/\/([^?]+)/.exec(connection)?.[1]?.split(',') ?? [];
      expect(all.length).toBeGreaterThan(0);
      for (const hostPort of all) {
        const [host, port] = hostPort.split(':');
        const node = compose.services[host ?? ''];
        expect(node?.image).toMatch(KURRENTDB_IMAGE);
        expect(profileOf(node as ComposeService)).toBe(profileOf(service));
        expect(port).toBe(node?.environment?.KURRENTDB_NODE_PORT);
      }
    },
  );

  it.each(eventStores)(
    'health-checks and publishes the EventStoreDB node port (%s)',
    (_name, service) => {
      const port = service.environment?.KURRENTDB_NODE_PORT ?? '';
      expect(containerPorts(service)).toEqual([port]);
      expect(healthText(service)).toContain(`http://localhost:${port}/health/live`);
    },
  );

  it('waits only on services that have a health check, in the same profile', () => {
    for (const [, service] of services) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        const target = compose.services[dependency];
        expect(target).toBeDefined();
        expect(profileOf(target as ComposeService)).toBe(profileOf(service));
        if (condition === 'service_healthy') expect(target?.healthcheck).toBeDefined();
      }
    }
  });

  it.each(eventStores)(
    'configures KurrentDB under its own KURRENTDB_ names and data directory (%s)',
    (_name, service) => {
      const keys = Object.keys(service.environment ?? {});
      expect(keys.filter((key) => !key.startsWith('KURRENTDB_'))).toEqual([]);
      expect(service.environment?.KURRENTDB_INSECURE).toBe('true');
      expect(service.volumes?.map((volume) => volume.split(':')[1])).toEqual([
        '/var/lib/kurrentdb',
      ]);
    },
  );

  it('gives every cluster node the other two as gossip seeds', () => {
    const nodes = eventStores.filter(([, s]) => profileOf(s) === 'cluster').map(([name]) => name);
    for (const name of nodes) {
      const seeds = (compose.services[name]?.environment?.KURRENTDB_GOSSIP_SEED ?? '')
        .split(',')
        .map((seed) => seed.split(':')[0]);
      expect(seeds.sort()).toEqual(nodes.filter((n) => n !== name).sort());
    }
  });
});
