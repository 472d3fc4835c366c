// `npm run bench`: installs the benchmark's own dependencies (bench/package.json, kept out
// of the product's install), builds parley and the benchmark, then runs it. Arguments
// pass through: `npm run bench -- --quick`, `--cpu-prof`, `--only=append,import,...` (the groups: bench/src/main.ts).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bench = dirname(fileURLToPath(import.meta.url));
const root = dirname(bench);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(command, args, cwd = root) {
  const { status } = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (status !== 0) process.exit(status ?? 1);
}

// npm ci rebuilds sqlite3 from source (about two minutes here): only when the lock changed.
const installed = join(bench, 'node_modules', '.package-lock.json');
const lock = join(bench, 'package-lock.json');
if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs) {
  run(npm, ['ci', '--no-audit', '--no-fund'], bench);
}
run(npm, ['run', 'build']);
// The HTTP workloads run the built service from a snapshot of this build
// (bench/dist/app: dist/, bin/, package.json, with data/ and node_modules/ linked), so
// that another `npm run build` in the tree (it empties dist/) cannot pull the server out
// from under a run.
const app = join(bench, 'dist', 'app');
rmSync(app, { recursive: true, force: true });
mkdirSync(app, { recursive: true });
for (const entry of ['dist', 'bin', 'package.json']) {
  cpSync(join(root, entry), join(app, entry), { recursive: true });
}
for (const entry of ['data', 'node_modules']) symlinkSync(join(root, entry), join(app, entry));
run(process.execPath, [
  join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
  '-p',
  join(bench, 'tsconfig.json'),
]);
run(process.execPath, [join(bench, 'dist', 'bench', 'src', 'main.js'), ...process.argv.slice(2)]);
