import { exportBatchTime, exportEntries, parseSince } from './gdelt-file-list';

const BASE = 'http://data.gdeltproject.org/gdeltv2';

describe("GDELT's update lists", () => {
  it('takes the event exports of lastupdate.txt, not the mentions or the GKG', () => {
    const text = [
      `150383 297a16b493de7cf6ca809a7cc31d0b93 ${BASE}/20150218230000.export.CSV.zip`,
      `318084 bb27f78ba45f69a17ea6ed7755e9f8ff ${BASE}/20150218230000.mentions.CSV.zip`,
      `10768507 ea8dde0beb0ba98810a92db068c0ce99 ${BASE}/20150218230000.gkg.csv.zip`,
      '',
    ].join('\n');
    expect(exportEntries(text, `${BASE}/lastupdate.txt`)).toEqual([
      {
        size: 150383,
        md5: '297a16b493de7cf6ca809a7cc31d0b93',
        url: `${BASE}/20150218230000.export.CSV.zip`,
        batchAt: '2015-02-18T23:00:00.000Z',
      },
    ]);
  });

  it('passes over the lines that do not fit, reads relative URLs against the list, and sorts by batch', () => {
    const text = [
      `149211 2a91041d7e72b0fc6a629e2ff867b240 ${BASE}/20150218231500.export.CSV.zip`,
      ` ${BASE}/20150218233000.export.CSV.zip`,
      '150383 297A16B493DE7CF6CA809A7CC31D0B93 20150218230000.export.CSV.zip\r',
      `149211 2a91041d7e72b0fc6a629e2ff867b240 ${BASE}/20150218231500.export.CSV.zip`,
    ].join('\n');
    const entries = exportEntries(text, 'http://mirror.example/gdeltv2/masterfilelist.txt');
    expect(entries.map((entry) => [entry.url, entry.md5])).toEqual([
      [
        'http://mirror.example/gdeltv2/20150218230000.export.CSV.zip',
        '297a16b493de7cf6ca809a7cc31d0b93',
      ],
      [`${BASE}/20150218231500.export.CSV.zip`, '2a91041d7e72b0fc6a629e2ff867b240'],
    ]);
  });

  it('reads the batch time from an export’s name only', () => {
    expect(exportBatchTime(`${BASE}/20250330181500.export.CSV.zip`)).toBe(
      '2025-03-30T18:15:00.000Z',
    );
    expect(exportBatchTime(`${BASE}/20250330181500.gkg.csv.zip`)).toBeUndefined();
    expect(exportBatchTime(`${BASE}/20251399999999.export.CSV.zip`)).toBeUndefined();
  });

  it('takes --since as a UTC date or an instant with its offset', () => {
    expect(parseSince('2015-02-19')?.toISOString()).toBe('2015-02-19T00:00:00.000Z');
    expect(parseSince('2015-02-19T01:00:00+01:00')?.toISOString()).toBe('2015-02-19T00:00:00.000Z');
    expect(parseSince('2015-02-19T01:00:00')).toBeUndefined();
    expect(parseSince('yesterday')).toBeUndefined();
  });
});
