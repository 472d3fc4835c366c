import { bucketStartsUpTo, localMidnight, zoneBuckets, type ZoneBuckets } from './zone-buckets';

/*
 * The zone's clock, by hand from the tz database: Pacific/Apia skipped 2011-12-30 (at
 * 24:00 on the 29th, −10:00, the clock read 00:00 on the 31st, +14:00); Europe/London
 * fell back from 02:00 BST to 01:00 GMT on 2024-10-27.
 */

function cut(from: string, to: string, unit: 'hour' | 'day', zone: string): ZoneBuckets {
  const buckets = zoneBuckets(Date.parse(from), Date.parse(to), unit, zone, 1000);
  if (buckets === null || buckets === 'too-many') throw new Error(`no buckets: ${buckets}`);
  return buckets;
}

describe('zoneBuckets', () => {
  it('gives a day the clock skipped no bucket (Pacific/Apia, 2011-12-30)', () => {
    expect(
      cut('2011-12-29T10:00:00Z', '2011-12-31T09:00:00Z', 'day', 'Pacific/Apia').startIsos,
    ).toEqual(['2011-12-29T00:00:00-10:00', '2011-12-31T00:00:00+14:00']);
    expect(localMidnight('2011-12-30', 'Pacific/Apia')).toBe(Date.parse('2011-12-30T10:00:00Z'));
  });

  it('starts two hour buckets at 01:00 when the clock goes back an hour (Europe/London)', () => {
    expect(
      cut('2024-10-26T23:00:00Z', '2024-10-27T02:00:00Z', 'hour', 'Europe/London').startIsos,
    ).toEqual([
      '2024-10-27T00:00:00+01:00',
      '2024-10-27T01:00:00+01:00',
      '2024-10-27T01:00:00+00:00',
    ]);
  });

  it('reaches back over the buckets before the one holding an instant, across a 30-minute change', () => {
    const starts = bucketStartsUpTo(
      Date.parse('2024-10-05T16:10:00Z'),
      'hour',
      'Australia/Lord_Howe',
      2,
    );
    expect(starts?.map((ms) => new Date(ms).toISOString())).toEqual([
      '2024-10-05T14:30:00.000Z',
      '2024-10-05T15:30:00.000Z',
      '2024-10-05T16:00:00.000Z',
    ]);
  });

  it('reads no instant for a date that is not one, or a zone luxon does not know', () => {
    expect(localMidnight('2025-02-30', 'UTC')).toBeNull();
    expect(localMidnight('2025-02-01', 'Mars/Olympus_Mons')).toBeNull();
    expect(zoneBuckets(0, 1, 'day', 'Mars/Olympus_Mons', 10)).toBeNull();
  });
});
