import { resolve } from 'node:path';

/** The repository's root: this file runs as bench/dist/bench/src/paths.js. */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..', '..');
export const SAMPLE_DIR = resolve(REPO_ROOT, 'data', 'sample');
export const PARLEY_BIN = resolve(REPO_ROOT, 'bin', 'parley.js');
export const RESULTS_DIR = resolve(REPO_ROOT, 'bench', 'results');
/** The compiled entry point of one workload run in its own process. */
export const WORKLOAD_ENTRY = resolve(__dirname, 'workload.js');
