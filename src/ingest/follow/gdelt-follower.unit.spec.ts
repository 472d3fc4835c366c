import Database from 'better-sqlite3';
import type { DatasetFileReport } from '../import-dataset/dataset-importer';
import { FileRefused, type GdeltListName, type GdeltSource } from './gdelt-download';
import type { GdeltFileEntry } from './gdelt-file-list';
import { GdeltFollower, type FollowEvent } from './gdelt-follower';
import { IngestCheckpointStore } from './ingest-checkpoint.store';

const BASE = 'http://gdelt.test/gdeltv2';

function entry(stamp: string, md5 = 'a'.repeat(32)): GdeltFileEntry {
  const at = `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(8, 10)}:${stamp.slice(10, 12)}:00.000Z`;
  return { size: 10, md5, url: `${BASE}/${stamp}.export.CSV.zip`, batchAt: at };
}

const B1 = entry('20250330180000');
const B2 = entry('20250330181500');
const B3 = entry('20250330183000');

/** GDELT as a test sets it: what each list names, and which downloads are refused. */
function fakeSource(): GdeltSource & {
  lists: Record<GdeltListName, GdeltFileEntry[]>;
  refuse: Set<string>;
  read: GdeltListName[];
} {
  const lists: Record<GdeltListName, GdeltFileEntry[]> = {
    'lastupdate.txt': [],
    'masterfilelist.txt': [],
  };
  const refuse = new Set<string>();
  const read: GdeltListName[] = [];
  return {
    lists,
    refuse,
    read,
    listUrl: (name) => `${BASE}/${name}`,
    list: (name) => {
      read.push(name);
      return Promise.resolve(lists[name]);
    },
    download: (file) =>
      refuse.has(file.url)
        ? Promise.reject(new FileRefused(`${file.url}: MD5 does not match`))
        : Promise.resolve(Buffer.from(file.url)),
  };
}

function publish(source: ReturnType<typeof fakeSource>, ...batches: GdeltFileEntry[]): void {
  source.lists['masterfilelist.txt'] = batches;
  source.lists['lastupdate.txt'] = batches.slice(-1);
}

function setUp(options: { failOn?: string } = {}) {
  const checkpoint = new IngestCheckpointStore(new Database(':memory:'));
  checkpoint.prepare();
  const source = fakeSource();
  const imported: string[] = [];
  const importer = {
    importFile: (file: string): Promise<DatasetFileReport> => {
      imported.push(file);
      if (file === options.failOn) return Promise.reject(new Error('the process died here'));
      return Promise.resolve(reportOf(file));
    },
  };
  const follower = new GdeltFollower(
    importer,
    { current: () => new Map() },
    checkpoint,
    source,
    { baseUrl: BASE, pollIntervalMs: 10 },
    () => new Date('2025-03-30T19:00:00Z'),
  );
  const events: FollowEvent[] = [];
  const run = { principal: 'test', onEvent: (event: FollowEvent) => events.push(event) };
  return { checkpoint, source, imported, follower, events, run };
}

function reportOf(file: string): DatasetFileReport {
  return {
    file,
    format: 'gdelt2',
    rows: 3,
    taken: 2,
    unchanged: 0,
    skipped: 1,
    skippedBy: {},
    refused: 0,
    refusals: [],
    actorsRegistered: 0,
  };
}

const names = (...files: GdeltFileEntry[]): string[] =>
  files.map((file) => file.url.split('/').pop()!);

describe('the GDELT follower', () => {
  it('starts from the latest export lastupdate.txt names, without the master list', async () => {
    const { source, imported, follower, run } = setUp();
    publish(source, B1, B2);
    expect(await follower.catchUp(run)).toEqual({
      imported: 1,
      refused: 0,
      failed: 0,
    });
    expect(imported).toEqual(names(B2));
    expect(source.read).toEqual(['lastupdate.txt']);
    expect(follower.status()).toMatchObject({ state: 'stopped', filesDone: 1, lastError: null });
  });

  it('after a restart, closes the gap since its checkpoint from the master list, in order', async () => {
    const { source, imported, follower, run } = setUp();
    publish(source, B1);
    await follower.catchUp(run);
    publish(source, B1, B2, B3);
    await follower.catchUp(run);
    expect(imported).toEqual(names(B1, B2, B3));
    expect(source.read).toEqual(['lastupdate.txt', 'lastupdate.txt', 'masterfilelist.txt']);
  });

  it('back-fills from --since (inclusive) and skips the files already done', async () => {
    const { source, imported, follower, run } = setUp();
    publish(source, B1, B2, B3);
    await follower.catchUp({ ...run, since: new Date(B2.batchAt) });
    expect(imported).toEqual(names(B2, B3));
    await follower.catchUp({ ...run, since: new Date(B1.batchAt) });
    expect(imported).toEqual(names(B2, B3, B1));
  });

  it('refuses a file whose bytes are not as listed: nothing imported or checkpointed, the error reported, and the file tried again at the next poll', async () => {
    const { source, imported, follower, run, events } = setUp();
    publish(source, B1);
    source.refuse.add(B1.url);
    const abort = new AbortController();
    const following = follower.follow(run, abort.signal);
    while (!events.some((event) => event.event === 'refused'))
      await new Promise((r) => setTimeout(r, 5));
    expect(imported).toEqual([]);
    expect(follower.status()).toMatchObject({
      filesDone: 0,
      lastError: { url: B1.url, kind: 'refused' },
    });
    expect(follower.status().lastError?.message).toMatch(/MD5/);
    expect(follower.tallies().files.refused).toBeGreaterThan(0);

    source.refuse.delete(B1.url);
    while (!events.some((event) => event.event === 'imported'))
      await new Promise((r) => setTimeout(r, 5));
    abort.abort();
    await following;
    expect(imported).toEqual(names(B1));
    expect(follower.status()).toMatchObject({ state: 'stopped', filesDone: 1 });
    expect(follower.tallies()).toMatchObject({
      files: { imported: 1 },
      rows: { taken: 2, skipped: 1 },
    });
  });

  it('checkpoints a file only once its import finished: one cut off is imported again', async () => {
    const cut = setUp({ failOn: names(B1)[0] });
    publish(cut.source, B1);
    expect(await cut.follower.catchUp(cut.run)).toMatchObject({ failed: 1 });
    expect(cut.checkpoint.isDone(B1.url)).toBe(false);

    const follower = new GdeltFollower(
      { importFile: (file) => Promise.resolve(reportOf(file)) },
      { current: () => new Map() },
      cut.checkpoint,
      cut.source,
      { baseUrl: BASE, pollIntervalMs: 10 },
    );
    expect(await follower.catchUp(cut.run)).toMatchObject({ imported: 1 });
    expect(cut.checkpoint.isDone(B1.url)).toBe(true);
  });
});
