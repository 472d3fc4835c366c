import { resolve } from 'node:path';

/** The project's root, whether this runs from src/ (tests) or dist/ (the built service). */
export const PROJECT_ROOT = resolve(__dirname, '..', '..');

export const SAMPLE_DATA_DIR = resolve(PROJECT_ROOT, 'data', 'sample');
