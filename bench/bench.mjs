// `npm run bench`: installs the benchmark's own dependencies (bench/package.json, kept out
// of the product's install), builds parley and the benchmark, then runs it. Arguments
// pass through: `npm run bench -- --quick`, `--cpu-prof`, `--only=append,rebuild,query,http-append,feed`.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
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
run(process.execPath, [
  join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
  '-p',
  join(bench, 'tsconfig.json'),
]);
run(process.execPath, [join(bench, 'dist', 'bench', 'src', 'main.js'), ...process.argv.slice(2)]);
