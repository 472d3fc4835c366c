import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PARLEY_BIN, startParleyProcess } from '../support/parley-process';

// Child processes on a loaded two-core machine.
jest.setTimeout(120_000);

const MISSPELT =
  'PARLEY_BODYLIMIT is not a setting parley reads (ignored); did you mean PARLEY_BODY_LIMIT?';

/** A misspelt setting is otherwise ignored in silence, and its default used. */
describe('a PARLEY_* name that is no setting', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'parley-config-warnings-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('is named at the start of parley serve, with the setting it is likely meant as', async () => {
    const parley = await startParleyProcess({
      PARLEY_DB: join(dir, 'serve.db'),
      PARLEY_SAMPLE_DATA: 'off',
      PARLEY_BODYLIMIT: '2048',
      PARLEY_FAVOURITE_COLOUR: 'red',
    });
    try {
      const lines = parley.stderr().split('\n');
      expect(lines).toContain(`parley: warning: ${MISSPELT}`);
      expect(lines).toContain(
        'parley: warning: PARLEY_FAVOURITE_COLOUR is not a setting parley reads (ignored)',
      );
      // Once each, though the configuration is read more than once.
      expect(lines.filter((l) => l.includes('PARLEY_BODYLIMIT'))).toHaveLength(1);
    } finally {
      await parley.stop();
    }
  });

  it('is named by the CLI too, which still does its work', () => {
    const result = spawnSync(process.execPath, [PARLEY_BIN, 'keys', 'reset-dev'], {
      env: {
        ...process.env,
        LOG_LEVEL: 'silent',
        PARLEY_DB: join(dir, 'cli.db'),
        PARLEY_BODYLIMIT: '2048',
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(0);
    expect(result.stderr.split('\n')).toContain(`parley: warning: ${MISSPELT}`);
  });
});
