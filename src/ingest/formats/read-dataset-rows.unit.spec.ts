import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import {
  DATASET_FIXTURES,
  fixtureBytes,
  fixturePath,
  splitFixture,
} from '../../../test/fixtures/datasets/dataset-fixtures';
import type { Dataset } from '../../records/domain/record';
import type { DatasetRow } from '../domain/dataset-row';
import { mapRow } from '../domain/map-row';
import { UnreadableDatasetFile } from './dataset-file';
import { readDatasetRows } from './read-dataset-rows';

async function batchesOf(
  format: Dataset,
  input: Buffer | Readable,
  batchSize?: number,
): Promise<DatasetRow[][]> {
  const batches: DatasetRow[][] = [];
  for await (const batch of readDatasetRows(format, input, { batchSize })) batches.push(batch);
  return batches;
}

const rowsOf = async (format: Dataset, input: Buffer | Readable): Promise<DatasetRow[]> =>
  (await batchesOf(format, input)).flat();

/** The bytes in chunks of `size`, as a slow network or file would hand them over. */
function trickle(bytes: Buffer, size: number): Readable {
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  return Readable.from(chunks);
}

describe('reading a dataset file into rows', () => {
  const gdelt2 = splitFixture(DATASET_FIXTURES.gdelt2).rows;

  it('gives every GDELT 2.0 row, its 61 fields and its line', async () => {
    const rows = await rowsOf('gdelt2', fixtureBytes(DATASET_FIXTURES.gdelt2));
    expect(rows).toHaveLength(200);
    expect(rows.every((row) => row.fields.length === 61)).toBe(true);
    expect(rows).toEqual(gdelt2);
  });

  it('gives the same rows from the zip as GDELT ships it, as bytes or as a stream', async () => {
    expect(await rowsOf('gdelt2', fixtureBytes(DATASET_FIXTURES.gdelt2Zip))).toEqual(gdelt2);
    expect(
      await rowsOf('gdelt2', createReadStream(fixturePath(DATASET_FIXTURES.gdelt2Zip))),
    ).toEqual(gdelt2);
  });

  it('gives the same rows from a stream of any chunking, even under the four bytes a zip is told by', async () => {
    const bytes = fixtureBytes(DATASET_FIXTURES.gdelt2);
    expect(await rowsOf('gdelt2', trickle(bytes, 3))).toEqual(gdelt2);
    expect(await rowsOf('gdelt2', trickle(fixtureBytes(DATASET_FIXTURES.gdelt2Zip), 1))).toEqual(
      gdelt2,
    );
  });

  it('hands the rows over in batches of at most the batch size', async () => {
    const batches = await batchesOf('gdelt2', fixtureBytes(DATASET_FIXTURES.gdelt2), 64);
    expect(batches.map((batch) => batch.length)).toEqual([64, 64, 64, 8]);
  });

  it('keeps GDELT 1.0 rows of 57 and of 58 columns', async () => {
    const rows = await rowsOf('gdelt1', fixtureBytes(DATASET_FIXTURES.gdelt1));
    expect(rows).toEqual(splitFixture(DATASET_FIXTURES.gdelt1).rows);
    expect(rows.filter((row) => row.fields.length === 57)).toHaveLength(40);
    expect(rows.filter((row) => row.fields.length === 58)).toHaveLength(60);
  });

  it('reads the header of ICEWS and POLECAT files and gives it with every row', async () => {
    for (const [format, name] of [
      ['icews', DATASET_FIXTURES.icews],
      ['polecat', DATASET_FIXTURES.polecat],
    ] as const) {
      const rows = await rowsOf(format, fixtureBytes(name));
      const expected = splitFixture(name);
      expect(rows).toEqual(expected.rows);
      expect(rows[0]?.line).toBe(2);
      expect(new Set(rows.map((row) => row.header)).size).toBe(1);
    }
  });

  it('passes a row of the wrong width on for the mapping to refuse, and reads on', async () => {
    const [first, second, third] = gdelt2;
    const text = [first, second, third]
      .map((row, i) => (i === 1 ? row!.fields.slice(0, 40) : row!.fields).join('\t'))
      .join('\n');
    const rows = await rowsOf('gdelt2', Buffer.from(`${text}\n`));
    expect(rows.map((row) => [row.line, row.fields.length])).toEqual([
      [1, 61],
      [2, 40],
      [3, 61],
    ]);
  });

  it('keeps a double quote in a field as text: the files are not quoted', async () => {
    const rows = await rowsOf('gdelt2', Buffer.from('1\t"THE \tUSA"\n2\tx\n'));
    expect(rows.map((row) => row.fields)).toEqual([
      ['1', '"THE ', 'USA"'],
      ['2', 'x'],
    ]);
  });

  it('reads no faster than the batches are taken: a reader that stops early leaves the rest unread', async () => {
    const row = gdelt2[0]!.fields.join('\t');
    let pulled = 0;
    const endless = Readable.from(
      (function* () {
        // 100,000 rows (~35 MB), made as they are pulled, 100 rows a chunk.
        for (let chunk = 0; chunk < 1000; chunk++) {
          pulled++;
          yield Buffer.from(`${row}\n`.repeat(100));
        }
      })(),
    );
    for await (const batch of readDatasetRows('gdelt2', endless, { batchSize: 1000 })) {
      expect(batch).toHaveLength(1000);
      break;
    }
    // One batch and what the streams buffer ahead (their highWaterMarks), not the file.
    expect(pulled).toBeLessThan(200);
  });

  it('maps the zipped file’s rows as it maps the rows split by hand', async () => {
    const fromZip = (await rowsOf('gdelt2', fixtureBytes(DATASET_FIXTURES.gdelt2Zip))).map((row) =>
      mapRow('gdelt2', row),
    );
    expect(fromZip).toEqual(gdelt2.map((row) => mapRow('gdelt2', row)));
  });

  it('refuses a zip that does not hold exactly one data file', async () => {
    await expect(
      rowsOf('gdelt2', fixtureBytes(DATASET_FIXTURES.twoEntriesZip)),
    ).rejects.toBeInstanceOf(UnreadableDatasetFile);
  });
});
