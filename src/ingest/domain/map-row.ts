import type { Dataset } from '../../records/domain/record';
import type { DatasetRow, MappingOptions, RowOutcome } from './dataset-row';
import { mapGdeltRow } from './gdelt-mapping';
import { mapIcewsRow } from './icews-mapping';
import { mapPolecatRow } from './polecat-mapping';
import { RowRejected } from './row-fields';

/**
 * One dataset row → one record with the actors it needs, or why not: `skipped` for a
 * well-formed row parley has no record for (one-sided, not a state dyad, ...;
 * SKIP_REASONS), `refused` for a malformed one (wrong width, a date or number that does
 * not parse), naming the codebook's column and the row's line. A pure function of the
 * row and the actor map: the same row always gives the same record id and fields.
 * MAPPING.md has the rules.
 */
export function mapRow(format: Dataset, row: DatasetRow, options: MappingOptions = {}): RowOutcome {
  try {
    switch (format) {
      case 'gdelt2':
      case 'gdelt1':
        return mapGdeltRow(format, row, options);
      case 'icews':
        return mapIcewsRow(row, options);
      case 'polecat':
        return mapPolecatRow(row, options);
    }
  } catch (error) {
    if (!(error instanceof RowRejected)) throw error;
    const { rejection } = error;
    return rejection.status === 'skipped'
      ? { status: 'skipped', line: row.line, reason: rejection.reason }
      : { status: 'refused', line: row.line, field: rejection.field, message: rejection.message };
  }
}
