import { createHash } from 'node:crypto';
import { exportEntries, type GdeltFileEntry } from './gdelt-file-list';

/** A file whose bytes are not the ones its list announced: nothing of it is imported. */
export class FileRefused extends Error {
  override readonly name = 'FileRefused';
}

/** A list or a file that could not be fetched (a network error, a status other than 200). */
export class FetchFailed extends Error {
  override readonly name = 'FetchFailed';
}

/** How long one list or file may take to arrive; the master list is tens of megabytes. */
const FETCH_TIMEOUT_MS = 5 * 60_000;

/** Where the follower reads GDELT's lists and files: GDELT over HTTP, or a test's stand-in. */
export interface GdeltSource {
  /** The URL of a list, as status and errors name it. */
  listUrl(name: GdeltListName): string;
  /** The event exports a list names, in batch order. */
  list(name: GdeltListName): Promise<GdeltFileEntry[]>;
  /** An export's bytes, held to the size and MD5 its entry gives. */
  download(entry: GdeltFileEntry): Promise<Buffer>;
}

export type GdeltListName = 'lastupdate.txt' | 'masterfilelist.txt';

/** GDELT 2.0 (or a mirror) at `baseUrl`, over HTTP. */
export function httpGdeltSource(baseUrl: string): GdeltSource {
  const listUrl = (name: GdeltListName): string => `${baseUrl.replace(/\/+$/, '')}/${name}`;
  return {
    listUrl,
    list: async (name) => {
      const url = listUrl(name);
      return exportEntries((await fetchBytes(url)).toString('utf8'), url);
    },
    download: downloadExport,
  };
}

/**
 * An export's bytes, held to the size and MD5 its list gave: GDELT's way of saying the
 * file is whole. A cut-off or replaced download is refused ({@link FileRefused}) before
 * a row of it is read.
 */
export async function downloadExport(entry: GdeltFileEntry): Promise<Buffer> {
  const bytes = await fetchBytes(entry.url);
  if (bytes.length !== entry.size) {
    throw new FileRefused(
      `${entry.url}: ${bytes.length} bytes arrived, the list announced ${entry.size}`,
    );
  }
  const md5 = createHash('md5').update(bytes).digest('hex');
  if (md5 !== entry.md5) {
    throw new FileRefused(`${entry.url}: MD5 ${md5} does not match the list's ${entry.md5}`);
  }
  return bytes;
}

async function fetchBytes(url: string): Promise<Buffer> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  } catch (error) {
    throw new FetchFailed(`${url}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (response.status !== 200) {
    await response.body?.cancel();
    throw new FetchFailed(`${url}: HTTP ${response.status}`);
  }
  try {
    return Buffer.from(await response.arrayBuffer());
  } catch (error) {
    throw new FetchFailed(`${url}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
