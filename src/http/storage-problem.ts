import { isDiskFull, isTransientStorageError } from '../database/storage-errors';
import { problemType, type Problem } from './problem';

/**
 * A write the storage refused, as the client should read it: the disk is full (507,
 * RFC 4918 §11.5), or the file is busy or failing for now (503). Neither is the
 * request's fault, and in neither case was anything of the write kept: the transaction
 * that would have committed it rolled back whole.
 */
export function storageProblem(error: unknown): Problem | undefined {
  if (isDiskFull(error)) {
    return {
      type: problemType('insufficient-storage'),
      title: 'Insufficient storage',
      status: 507,
      detail:
        'The disk is full: nothing of this write was stored. Send it again once space has been freed (a retry with the same id is safe).',
    };
  }
  if (isTransientStorageError(error)) {
    return {
      type: problemType('storage-unavailable'),
      title: 'Storage unavailable',
      status: 503,
      detail:
        'The database could not write just now (busy, or an I/O error): nothing of this write was stored. Send it again shortly.',
    };
  }
  return undefined;
}
