import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** The repository's root: this file runs as bench/dist/bench/src/paths.js. */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..', '..');
export const SAMPLE_DIR = resolve(REPO_ROOT, 'data', 'sample');
/**
 * The built service the HTTP workloads run: bench.mjs's snapshot of this run's build
 * (bench/dist/app), or the tree's own when there is none (main.js run by hand).
 */
const SNAPSHOT_BIN = resolve(__dirname, '..', '..', 'app', 'bin', 'parley.js');
export const PARLEY_BIN = existsSync(SNAPSHOT_BIN)
  ? SNAPSHOT_BIN
  : resolve(REPO_ROOT, 'bin', 'parley.js');
export const RESULTS_DIR = resolve(REPO_ROOT, 'bench', 'results');
/** The compiled entry point of one workload run in its own process. */
export const WORKLOAD_ENTRY = resolve(__dirname, 'workload.js');
/** The compiled bare Fastify server, the limit of the record list over HTTP. */
export const BARE_FASTIFY_ENTRY = resolve(__dirname, 'workloads', 'bare-fastify.js');
