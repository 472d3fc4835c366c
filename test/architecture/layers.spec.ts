import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

/**
 * The layer rule (.dependency-cruiser.js, README "Architecture") holds on src/, and it
 * is a rule that bites: on a miniature src/ that breaks each clause once, the same
 * command `npm run lint` runs reports each break by its rule's name.
 */
const ROOT = resolve(__dirname, '../..');
const CONFIG = join(ROOT, '.dependency-cruiser.js');
const CLI = join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

interface Violation {
  readonly from: string;
  readonly to: string;
  readonly rule: { readonly name: string };
}

function cruise(cwd: string): Violation[] {
  // It exits non-zero when it finds a break: read its report either way.
  const { stdout, stderr } = spawnSync(
    process.execPath,
    [CLI, 'src', '--config', CONFIG, '--output-type', 'json', '--no-progress'],
    { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (!stdout) throw new Error(`dependency-cruiser printed no report: ${stderr}`);
  const result = JSON.parse(stdout) as { summary: { violations: Violation[] } };
  return result.summary.violations;
}

describe('the layer rule', () => {
  it('finds nothing on src/', () => {
    expect(cruise(ROOT).map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([]);
  });

  it('names each break on a tree made to break it', () => {
    const found = cruise(join(ROOT, 'test/fixtures/layers')).map(
      (v) => `${v.rule.name}: ${v.from} → ${v.to}`,
    );
    expect(found).toEqual(
      expect.arrayContaining([
        'http-imports-upwards: src/http/problem.ts → src/records/index.ts',
        'capability-internals: src/analytics/credibility.ts → src/actors/get-actors/directory.ts',
        'domain-is-pure: src/records/domain/dyad.ts → src/http/problem.ts',
        'unknown-folder: src/common/clock.ts → src/gadgets/gadget.ts',
        'no-file-cycle: src/records/tone-a.ts → src/records/tone-b.ts',
      ]),
    );
  });
});
