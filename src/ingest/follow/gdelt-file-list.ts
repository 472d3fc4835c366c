/**
 * GDELT 2.0's update lists, read as plain data. Every 15 minutes GDELT publishes three
 * zips (the events `*.export.CSV.zip`, the mentions and the GKG) and rewrites
 * `lastupdate.txt` to name them; `masterfilelist.txt` names every file since
 * 2015-02-18 23:00 UTC. Both lists have one file a line, `<size> <md5> <url>`: the
 * size in bytes, the MD5 of the zip in lower-case hex, and an absolute URL whose name
 * starts with the batch's `YYYYMMDDHHMMSS` (UTC), e.g.
 * `150383 297a16b493de7cf6ca809a7cc31d0b93 http://data.gdeltproject.org/gdeltv2/20150218230000.export.CSV.zip`.
 * The master list has a few lines that do not fit (a missing field); they are passed over.
 */

/** One file a GDELT list names. */
export interface GdeltFileEntry {
  readonly size: number;
  readonly md5: string;
  readonly url: string;
  /** The batch's time, from the file's name: `2015-02-18T23:00:00.000Z`. */
  readonly batchAt: string;
}

/** GDELT publishes a batch every 15 minutes. */
export const GDELT_BATCH_MS = 15 * 60_000;

const LINE = /^(\d+)\s+([0-9a-fA-F]{32})\s+(\S+)$/;
const EXPORT_NAME = /(?:^|\/)(\d{14})\.export\.CSV\.zip$/i;

/**
 * The event exports a list names (mentions and GKG files are not ours), in batch order,
 * each once. A relative URL is read against the list's own URL.
 */
export function exportEntries(text: string, listUrl: string): GdeltFileEntry[] {
  const byUrl = new Map<string, GdeltFileEntry>();
  for (const line of text.split(/\r?\n/)) {
    const match = LINE.exec(line.trim());
    if (!match) continue;
    const url = new URL(match[3]!, listUrl).toString();
    const batchAt = exportBatchTime(url);
    if (batchAt === undefined) continue;
    byUrl.set(url, { size: Number(match[1]), md5: match[2]!.toLowerCase(), url, batchAt });
  }
  return [...byUrl.values()].sort(byBatch);
}

/** The batch time an export's URL names, or undefined when it names no export. */
export function exportBatchTime(url: string): string | undefined {
  const stamp = EXPORT_NAME.exec(new URL(url).pathname)?.[1];
  if (!stamp) return undefined;
  const iso = `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(8, 10)}:${stamp.slice(10, 12)}:${stamp.slice(12, 14)}.000Z`;
  return Number.isNaN(Date.parse(iso)) ? undefined : new Date(iso).toISOString();
}

/** The file's own name, the last part of its URL (`20150218230000.export.CSV.zip`). */
export function fileName(entry: Pick<GdeltFileEntry, 'url'>): string {
  return new URL(entry.url).pathname.split('/').pop() ?? entry.url;
}

export function byBatch(a: GdeltFileEntry, b: GdeltFileEntry): number {
  return a.batchAt < b.batchAt ? -1 : a.batchAt > b.batchAt ? 1 : a.url.localeCompare(b.url);
}

/**
 * `--since` as an instant: a date (`2015-02-19`, midnight UTC) or an ISO 8601 instant
 * with its offset. Undefined when the text is neither.
 */
export function parseSince(text: string): Date | undefined {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(date)) {
    return undefined;
  }
  const at = new Date(date);
  return Number.isNaN(at.getTime()) ? undefined : at;
}
