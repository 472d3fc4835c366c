import 'reflect-metadata';
import { RESULT_PREFIX, type WorkloadSpec } from './protocol';
import { runAppend } from './workloads/append';
import { runCoding } from './workloads/coding';
import { runFeed } from './workloads/feed';
import { runGdelt } from './workloads/gdelt';
import { runDeepAppend } from './workloads/deep-append';
import { runHttpAppend, runHttpQuery, runHttpToneDeep } from './workloads/http';
import { runImport } from './workloads/import';
import { runBareQueries, runBareRebuild, runGenerate, runRebuild } from './workloads/log-workloads';
import { runReadAll } from './workloads/read-all';

function run(spec: WorkloadSpec): Promise<object> | object {
  switch (spec.kind) {
    case 'append':
      return runAppend(spec);
    case 'read-all':
      return runReadAll(spec.side, spec.file);
    case 'generate':
      return runGenerate(spec.file, spec.shape);
    case 'rebuild':
      return spec.side === 'ours' ? runRebuild(spec.file) : runBareRebuild(spec.file);
    case 'bare-queries':
      return runBareQueries(spec.file, spec.seconds, spec.rollupMembers);
    case 'http-append':
      return runHttpAppend(spec.file, spec.seconds, spec.profileDir);
    case 'http-query':
      return runHttpQuery(spec.file, spec.seconds, spec.rounds, spec.profileDir);
    case 'http-tone-deep':
      return runHttpToneDeep(spec.file, spec.seconds, spec.profileDir);
    case 'deep-append':
      return runDeepAppend(spec);
    case 'import':
      return runImport(spec);
    case 'feed':
      return runFeed(spec.file, spec.records, spec.profileDir);
    case 'gdelt':
      return runGdelt(spec);
    case 'coding':
      return runCoding(spec.file, spec.rounds, spec.profileDir);
  }
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '{}') as WorkloadSpec;
  const figures = await run(spec);
  // The peak resident memory of this process over the whole workload (Linux reports KiB).
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify({ ...figures, maxRssMb })}\n`);
}

main().then(
  // Open handles (a store's poll timer, sockets) must not keep a finished workload alive.
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
