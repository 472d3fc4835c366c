import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli, type CliResult } from '../support/cli';
import { PARLEY_BIN } from '../support/parley-process';

// Child processes, some of which boot the service: allow for a loaded two-core machine.
jest.setTimeout(120_000);

const PACKAGE_VERSION = (
  JSON.parse(readFileSync(resolve(__dirname, '..', '..', 'package.json'), 'utf8')) as {
    version: string;
  }
).version;

/** Modules that start Nest, open SQLite, speak gRPC or trace: what only a command's action needs. */
const HEAVY =
  /node_modules\/(@nestjs|better-sqlite3|@kurrent|@eventstore|@grpc|@opentelemetry|@fastify|fastify|class-validator|class-transformer|rxjs|pino|luxon|cli-progress|tinyglobby)\//;

describe('the parley CLI, as a shell sees it', () => {
  let dir: string;
  let dbFile: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'parley-cli-surface-'));
    dbFile = join(dir, 'parley.db');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The CLI run with a preload that records, at exit, every module the process loaded. */
  function loadedModules(
    args: string[],
    env: NodeJS.ProcessEnv = {},
  ): CliResult & { modules: string[] } {
    const listFile = join(dir, `modules-${args.join('-').replace(/\W/g, '_')}.json`);
    const preload = join(dir, 'record-modules.js');
    writeFileSync(
      preload,
      `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(listFile)}, JSON.stringify(Object.keys(require.cache))));\n`,
    );
    const result = runCli(args, env, { nodeOptions: ['--require', preload] });
    return { ...result, modules: JSON.parse(readFileSync(listFile, 'utf8')) as string[] };
  }

  it('prints the package version with --version and -V', () => {
    for (const flag of ['--version', '-V']) {
      const { status, stdout } = runCli([flag]);
      expect({ flag, status, stdout }).toEqual({ flag, status: 0, stdout: `${PACKAGE_VERSION}\n` });
    }
  });

  it.each<[string, string[], RegExp]>([
    ['an unknown option', ['--nope'], /unknown option '--nope'/],
    ['an unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
    ['a missing argument', ['rebuild'], /missing required argument 'name'/],
    ['an option given twice', ['replay', '--type', 'A', '--type', 'B'], /give it once/],
    [
      'an invalid option value',
      ['replay', '--limit', '0'],
      /--limit: limit must be a positive integer/,
    ],
    ['an import of nothing', ['import'], /import needs a file/],
    ['an unknown role', ['keys', 'generate', '--roles', 'king'], /unknown role\(s\) king/],
    ['an export format it does not write', ['export', '--format', 'xml'], /--format/],
    ['an export filter the API refuses', ['export', '--kind', 'rumour'], /--kind/],
  ])('exits 2 on a usage error: %s', (_what, args, message) => {
    const { status, stderr } = runCli(args, { PARLEY_DB: dbFile });
    expect({ status, stderr }).toEqual({
      status: 2,
      stderr: expect.stringMatching(message) as string,
    });
  });

  it('keeps exit code 1 for a failure at run time', () => {
    const badConfig = runCli(['serve'], { PARLEY_DB: dbFile, PORT: 'eighty' });
    expect(badConfig.status).toBe(1);
    expect(badConfig.stderr).toMatch(/PORT="eighty"/);
    const unknownProjection = runCli(['rebuild', 'no-such-projection'], { PARLEY_DB: dbFile });
    expect(unknownProjection.status).toBe(1);
    expect(unknownProjection.stderr).toMatch(/no-such-projection/);
  });

  it('loads no heavy module for --help or --version, and loads them for a command that needs them', () => {
    for (const args of [['--help'], ['--version'], ['replay', '--help']]) {
      const { status, modules } = loadedModules(args);
      expect(status).toBe(0);
      // Not vacuous: the CLI itself and its argument parser are in the list.
      expect(modules).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/dist\/cli\/parley\.js$/),
          expect.stringMatching(/node_modules\/commander\//),
        ]),
      );
      expect({ args, heavy: modules.filter((path) => HEAVY.test(path)) }).toEqual({
        args,
        heavy: [],
      });
    }
    const replay = loadedModules(['replay', '--limit', '1'], { PARLEY_DB: join(dir, 'empty.db') });
    expect(replay.status).toBe(0);
    expect(replay.modules).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/node_modules\/@nestjs\/core\//),
        expect.stringMatching(/node_modules\/better-sqlite3\//),
      ]),
    );
  });

  it('shows the rebuild ETA as a number of seconds on a terminal', () => {
    expect(runCli(['import', '--sample'], { PARLEY_DB: dbFile }).status).toBe(0);
    // The bar draws only on a terminal: `script` runs the CLI on a pseudo-terminal.
    const result = spawnSync(
      'script',
      ['-qec', `${process.execPath} ${PARLEY_BIN} rebuild tone`, '/dev/null'],
      {
        env: { ...process.env, PARLEY_DB: dbFile, LOG_LEVEL: 'silent' },
        encoding: 'utf8',
        timeout: 90_000,
      },
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/tone \[[=-]+\] \d+% \| \d+\/\d+ events \| [^|]+\| ETA \d+s/);
    expect(result.stdout).not.toMatch(/\{\w+\}/);
    expect(result.stdout).toMatch(/rebuilt tone: version \d+, generation \d+/);
  });
});
