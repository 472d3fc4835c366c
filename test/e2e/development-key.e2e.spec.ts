import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashApiKey } from '../../src/config/api-key-entries';
import { PARLEY_BIN, startParleyProcess, type ParleyProcess } from '../support/parley-process';
import { api } from '../support/client';
import { actorId, recordBody } from '../support/builders';

jest.setTimeout(120_000);

const BANNER_KEY = /Authorization: Bearer (parley_[A-Za-z0-9_-]{43})\b/;

function runCli(args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, [PARLEY_BIN, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
  });
}

describe('the development key (no PARLEY_API_KEYS)', () => {
  let dir: string;
  let dbFile: string;
  let server: ParleyProcess | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'parley-devkey-'));
    dbFile = join(dir, 'parley.db');
  });
  afterEach(async () => {
    await server?.stop();
    server = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  /** `parley serve` as a laptop runs it: no keys configured, not in production. */
  const serveWithoutKeys = (): Promise<ParleyProcess> =>
    startParleyProcess({ PARLEY_DB: dbFile, PARLEY_API_KEYS: '', PARLEY_SAMPLE_DATA: 'off' });

  it('is printed once at the first start, holds every role, and the file keeps only its hash', async () => {
    server = await serveWithoutKeys();
    const key = BANNER_KEY.exec(server.stderr())?.[1];
    expect(key).toBeDefined();
    const authorization = `Bearer ${key ?? ''}`;

    // Writes are never open.
    const anonymous = await api(server.baseUrl, null).post('/actors', {
      id: actorId('dev'),
      name: 'Dev',
      kind: 'person',
    });
    expect(anonymous.status).toBe(401);
    // Every role: record, read, operate, subscribe.
    const client = api(server.baseUrl, authorization);
    const [a, b] = [actorId('dev'), actorId('dev')];
    for (const id of [a, b])
      expect((await client.post('/actors', { id, name: id, kind: 'person' })).status).toBe(201);
    expect((await client.post('/records', recordBody({ source: a, target: b }))).status).toBe(201);
    expect((await client.get(`/records?source=${a}`)).status).toBe(200);
    expect((await client.get('/admin/projections')).status).toBe(200);
    expect((await client.get('/subscriptions')).status).toBe(200);

    await server.stop();
    server = undefined;
    const file = readFileSync(dbFile);
    expect(file.includes(Buffer.from(key ?? ''))).toBe(false);
    expect(file.includes(hashApiKey(key ?? ''))).toBe(true);

    // The next start prints no key, and the same key still works.
    server = await serveWithoutKeys();
    expect(server.stderr()).not.toMatch(BANNER_KEY);
    expect((await api(server.baseUrl, authorization).get('/actors')).status).toBe(200);
  });

  it('is replaced by `parley keys reset-dev`: the next start prints a new one and the old one stops working', async () => {
    server = await serveWithoutKeys();
    const first = BANNER_KEY.exec(server.stderr())?.[1] ?? '';
    await server.stop();
    server = undefined;

    const reset = runCli(['keys', 'reset-dev'], { PARLEY_DB: dbFile });
    expect(reset.status).toBe(0);
    expect(reset.stdout).toContain('forgot the development key');

    server = await serveWithoutKeys();
    const second = BANNER_KEY.exec(server.stderr())?.[1] ?? '';
    expect(second).not.toBe('');
    expect(second).not.toBe(first);
    expect((await api(server.baseUrl, `Bearer ${first}`).get('/actors')).status).toBe(401);
    expect((await api(server.baseUrl, `Bearer ${second}`).get('/actors')).status).toBe(200);
  });

  it('is never made in production: parley refuses to start without keys, saying which setting', () => {
    const refused = runCli(['serve'], {
      PARLEY_DB: dbFile,
      PARLEY_API_KEYS: '',
      NODE_ENV: 'production',
      PORT: '0',
    });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('PARLEY_API_KEYS must be set when NODE_ENV=production');
    expect(refused.stderr).not.toMatch(BANNER_KEY);
  });
});

describe('configured keys', () => {
  let dir: string;
  let server: ParleyProcess | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'parley-keys-'));
  });
  afterEach(async () => {
    await server?.stop();
    server = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a malformed PARLEY_API_KEYS at start, naming the entry and never echoing a key', () => {
    const secret = 'a-perfectly-good-secret-0001';
    const refused = runCli(['serve'], {
      PARLEY_DB: join(dir, 'parley.db'),
      PARLEY_API_KEYS: `${secret}:analyst,${secret}-2:superuser`,
      PORT: '0',
    });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('PARLEY_API_KEYS entry 2 names unknown role(s) "superuser"');
    expect(refused.stderr).not.toContain(secret);
  });

  it('accepts what `parley keys generate` prints, hashed, so the configuration holds no secret', async () => {
    const generated = runCli(['keys', 'generate', '--roles', 'recorder+analyst'], {});
    expect(generated.status).toBe(0);
    const key = /^key:\s+(\S+)$/m.exec(generated.stdout)?.[1] ?? '';
    const hashed = /^hashed:\s+(\S+)$/m.exec(generated.stdout)?.[1] ?? '';
    expect(hashed).toMatch(/^sha256\.[0-9a-f]{64}:recorder\+analyst$/);
    expect(hashed).not.toContain(key);

    server = await startParleyProcess({
      PARLEY_DB: join(dir, 'parley.db'),
      PARLEY_API_KEYS: hashed,
      PARLEY_SAMPLE_DATA: 'off',
    });
    const client = api(server.baseUrl, `Bearer ${key}`);
    const [a, b] = [actorId('gen'), actorId('gen')];
    await expect(registerWith(client, a, b)).resolves.toBe(true);
    expect((await client.get('/actors')).status).toBe(200);
    expect((await client.get('/admin/projections')).status).toBe(403);

    const unknownRole = runCli(['keys', 'generate', '--roles', 'root'], {});
    expect(unknownRole.status).not.toBe(0);
    expect(unknownRole.stderr).toContain('unknown role(s) root');
  });
});

async function registerWith(client: ReturnType<typeof api>, ...ids: string[]): Promise<boolean> {
  for (const id of ids)
    if ((await client.post('/actors', { id, name: id, kind: 'person' })).status !== 201)
      return false;
  return true;
}
