import { Readable } from 'node:stream';
import { fromBuffer, type Entry, type ZipFile } from 'yauzl';

/** A dataset file that cannot be read at all (as distinct from one bad row in it). */
export class UnreadableDatasetFile extends Error {
  override readonly name = 'UnreadableDatasetFile';
}

/** Every zip file starts with a local file header: `PK\x03\x04`. */
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** The entries a zipped dataset may hold its rows in (GDELT ships `.export.CSV`, tab-separated all the same). */
const DATA_ENTRY = /\.(csv|tsv|txt)$/i;

/**
 * The text of a dataset file as its publisher ships it, zipped or not (a zip is known by
 * its first four bytes, not its name): the bytes of the file, or of the one `.csv`,
 * `.tsv` or `.txt` entry of the zip, as a stream.
 *
 * An unzipped file streams through as it comes. A zip is held compressed in memory
 * (yauzl reads the central directory at the end of the file first; a GDELT 15-minute zip
 * is ~150 KB, a GDELT 1.0 day ~10 MB); its entry is inflated as a stream.
 */
export async function openDatasetText(input: Buffer | Readable): Promise<Readable> {
  if (Buffer.isBuffer(input)) {
    return isZip(input) ? openZipEntry(input) : Readable.from([input]);
  }
  const chunks = input[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  const head: Buffer[] = [];
  let length = 0;
  let done = false;
  while (length < ZIP_MAGIC.length && !done) {
    const next = await chunks.next();
    if (next.done) done = true;
    else {
      const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
      head.push(chunk);
      length += chunk.length;
    }
  }
  if (isZip(Buffer.concat(head))) {
    const all = [...head];
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
      all.push(Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value));
    }
    return openZipEntry(Buffer.concat(all));
  }
  return Readable.from(
    (async function* () {
      try {
        yield* head;
        if (done) return;
        for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
          yield next.value;
        }
      } finally {
        // A reader that stops early releases the file it came from.
        await chunks.return?.();
      }
    })(),
  );
}

function isZip(bytes: Buffer): boolean {
  return bytes.length >= ZIP_MAGIC.length && bytes.subarray(0, ZIP_MAGIC.length).equals(ZIP_MAGIC);
}

async function openZipEntry(zip: Buffer): Promise<Readable> {
  const zipfile = await new Promise<ZipFile>((resolve, reject) =>
    fromBuffer(zip, { lazyEntries: true }, (error, opened) =>
      error
        ? reject(new UnreadableDatasetFile(`not a readable zip: ${error.message}`))
        : resolve(opened),
    ),
  );
  const entries = await new Promise<Entry[]>((resolve, reject) => {
    const found: Entry[] = [];
    zipfile.on('entry', (entry: Entry) => {
      if (!entry.fileName.endsWith('/') && DATA_ENTRY.test(entry.fileName)) found.push(entry);
      zipfile.readEntry();
    });
    zipfile.on('end', () => resolve(found));
    zipfile.on('error', (error: Error) =>
      reject(new UnreadableDatasetFile(`not a readable zip: ${error.message}`)),
    );
    zipfile.readEntry();
  });
  const [entry, ...others] = entries;
  if (!entry || others.length > 0) {
    throw new UnreadableDatasetFile(
      `a zipped dataset holds one .csv, .tsv or .txt file; this one holds ${entries.length}` +
        (entries.length > 0 ? ` (${entries.map((e) => e.fileName).join(', ')})` : ''),
    );
  }
  return new Promise<Readable>((resolve, reject) =>
    zipfile.openReadStream(entry, (error, stream) =>
      error
        ? reject(new UnreadableDatasetFile(`cannot inflate ${entry.fileName}: ${error.message}`))
        : resolve(stream),
    ),
  );
}
