import type { DatasetRow } from './dataset-row';
import { refuseRow } from './row-fields';

const indexes = new WeakMap<readonly string[], ReadonlyMap<string, number>>();

/**
 * A header format's row read by column name: refuses a row whose width is not its
 * header's, or a file without a column the mapping needs (named as the codebook names
 * it). `aliases` are other names a column has gone by (POLECAT's `Intensity` was
 * `Event Intensity` in some weekly files).
 */
export function headerRow(
  row: DatasetRow,
  required: readonly string[],
  datasetName: string,
  aliases: Readonly<Record<string, string>> = {},
): (column: string) => string {
  const header = row.header;
  if (header === undefined) refuseRow('row', `a ${datasetName} file starts with its header`);
  if (row.fields.length !== header.length) {
    refuseRow(
      'row',
      `the header has ${header.length} tab-separated columns, this row ${row.fields.length}`,
    );
  }
  let index = indexes.get(header);
  if (!index) {
    index = new Map(header.map((name, at) => [aliases[name.trim()] ?? name.trim(), at]));
    indexes.set(header, index);
  }
  const columns = index;
  for (const column of required) {
    if (!columns.has(column))
      refuseRow(column, `the ${datasetName} file has no "${column}" column`);
  }
  return (column) => {
    const at = columns.get(column);
    return at === undefined ? '' : (row.fields[at] ?? '').trim();
  };
}
