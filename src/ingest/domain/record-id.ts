import { v5 as uuidv5 } from 'uuid';
import type { Dataset } from '../../records/domain/record';

/**
 * The UUID v5 namespace of records imported from datasets. Generated once (a random v4,
 * 2026-12-06) and never to change: every imported record's id derives from it, so a
 * changed namespace would import every file again as new records.
 */
export const DATASET_RECORD_NAMESPACE = '47326fbb-dbfb-483c-8b4c-3c40724c7a08';

/**
 * The id of the record made from a dataset row: UUID v5 of `${dataset}:${rowId}`, so
 * importing a file twice adds nothing. `rowId` is the row's own key in its dataset (see
 * each format's mapping for what that is).
 */
export function datasetRecordId(dataset: Dataset, rowId: string): string {
  return uuidv5(`${dataset}:${rowId}`, DATASET_RECORD_NAMESPACE);
}
