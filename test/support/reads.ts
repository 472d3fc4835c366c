/**
 * Reading the service's views over HTTP, failing the test on anything but 200: every
 * page of a record list, a tone view, and the buckets of a tone view.
 */
import { api, query } from './client';
import type { RecordBody, RecordPageBody, ToneBucketBody, ToneViewBody } from './responses';

/** Every record the list gives for a query, following cursors. */
export async function listAll(
  baseUrl: string,
  params: Record<string, string | number | boolean | undefined>,
): Promise<RecordBody[]> {
  const client = api(baseUrl);
  const items: RecordBody[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const response = await client.get<RecordPageBody>(`/records${query({ ...params, cursor })}`);
    if (response.status !== 200)
      throw new Error(`GET /records answered ${response.status}: ${response.text}`);
    items.push(...response.body.items);
    if (response.body.nextCursor === null) return items;
    cursor = response.body.nextCursor;
  }
  throw new Error('GET /records kept giving cursors');
}

/** GETs a tone view and fails unless it answers 200. */
export async function getTone(
  baseUrl: string,
  source: string,
  target: string,
  params: Record<string, string | number | undefined>,
): Promise<ToneViewBody> {
  const response = await api(baseUrl).get<ToneViewBody>(
    `/dyads/${source}/${target}/tone${query(params)}`,
  );
  if (response.status !== 200)
    throw new Error(`GET tone answered ${response.status}: ${response.text}`);
  return response.body;
}

/** The bucket of a view that starts at `start` (as the service writes it, with its offset). */
export function bucketAt(view: ToneViewBody, start: string): ToneBucketBody {
  const bucket = view.series.find((b) => b.start === start);
  if (!bucket)
    throw new Error(
      `No bucket starts at ${start}; starts are ${view.series.map((b) => b.start).join(', ')}`,
    );
  return bucket;
}

/** The total count over all buckets of a view. */
export function totalCount(view: ToneViewBody): number {
  return view.series.reduce((sum, b) => sum + b.counts.total, 0);
}
