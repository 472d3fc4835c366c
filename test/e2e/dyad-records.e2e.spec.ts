import { startTestApp, type TestApp } from '../support/app';
import {
  actorId,
  affiliate,
  createRecord,
  freshDyad,
  recordBody,
  registerActors,
} from '../support/builders';
import { api, query, raw } from '../support/client';
import { getTone, totalCount } from '../support/reads';
import type {
  ImportReportBody,
  ProblemBody,
  RecordBody,
  RecordPageBody,
} from '../support/responses';
import { clockPast } from '../support/waiting';

/**
 * `GET /dyads/{source}/{target}/records`: the records behind a tone view, chosen by the
 * same rule (the same affiliations, valid at each record's time and known at `asOf`), so
 * that the page's markers and the list of quotes are what the counts count.
 */
describe('the records behind a view of a dyad', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  type Params = Record<string, string | number | boolean | undefined>;

  /** Every record the view's list gives, following its cursors. */
  async function dyadRecords(
    source: string,
    target: string,
    params: Params,
  ): Promise<RecordBody[]> {
    const client = api(t.baseUrl);
    const items: RecordBody[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 1000; page++) {
      const response = await client.get<RecordPageBody>(
        `/dyads/${source}/${target}/records${query({ ...params, cursor })}`,
      );
      if (response.status !== 200)
        throw new Error(`GET dyad records answered ${response.status}: ${response.text}`);
      items.push(...response.body.items);
      if (response.body.nextCursor === null) return items;
      cursor = response.body.nextCursor;
    }
    throw new Error('GET dyad records kept giving cursors');
  }

  const ids = (records: readonly RecordBody[]): string[] => records.map((r) => r.id);

  /**
   * A person who heads a government from 2025-01-20 to 2025-05-01, the government part of
   * a state since 2000, and another state; the person's affiliation is recorded after
   * their records, at `personAffiliated`.
   */
  async function rollupWorld() {
    const person = actorId('p');
    const government = actorId('g');
    const state = actorId('s');
    const other = actorId('x');
    await registerActors(
      t.baseUrl,
      [person, 'person'],
      [government, 'government'],
      [state, 'state'],
      [other, 'state'],
    );
    await affiliate(t.baseUrl, government, state, '2000-01-01');
    const record = async (source: string, occurredAt: string): Promise<string> =>
      (await createRecord(t.baseUrl, recordBody({ source, target: other, occurredAt, tone: -3 })))
        .id;
    const governmentRecord = await record(government, '2024-12-01T12:00:00Z');
    const beforeOffice = await record(person, '2025-01-10T12:00:00Z');
    const inOffice = await record(person, '2025-02-01T12:00:00Z');
    const afterOffice = await record(person, '2025-06-01T12:00:00Z');
    const beforeAffiliation = new Date().toISOString();
    await clockPast(beforeAffiliation);
    await affiliate(t.baseUrl, person, government, '2025-01-20', '2025-05-01');
    return {
      person,
      state,
      other,
      beforeAffiliation,
      governmentRecord,
      beforeOffice,
      inOffice,
      afterOffice,
    };
  }

  it('rolls a member’s records up only within its affiliation’s window', async () => {
    const w = await rollupWorld();
    const rollup = await dyadRecords(w.state, w.other, { mode: 'rollup' });
    expect(ids(rollup)).toEqual([w.governmentRecord, w.inOffice]);
    // The person's own directed view has every one of them.
    expect(ids(await dyadRecords(w.person, w.other, {}))).toEqual([
      w.beforeOffice,
      w.inOffice,
      w.afterOffice,
    ]);
    // Nothing of the state's own: a directed view of the state is empty.
    expect(await dyadRecords(w.state, w.other, { mode: 'directed' })).toEqual([]);
  });

  it('leaves out the records an affiliation brings in, as of before it was recorded', async () => {
    const w = await rollupWorld();
    const then = await dyadRecords(w.state, w.other, {
      mode: 'rollup',
      asOf: w.beforeAffiliation,
    });
    expect(ids(then)).toEqual([w.governmentRecord]);
    const now = await dyadRecords(w.state, w.other, { mode: 'rollup' });
    expect(ids(now)).toEqual([w.governmentRecord, w.inOffice]);
  });

  it('gives both directions in pair mode, and nothing of a third actor', async () => {
    const [a, b] = await freshDyad(t.baseUrl);
    const c = actorId('c');
    await registerActors(t.baseUrl, c);
    const ab = await createRecord(
      t.baseUrl,
      recordBody({ source: a, target: b, occurredAt: '2025-03-01T10:00:00Z' }),
    );
    const ba = await createRecord(
      t.baseUrl,
      recordBody({ source: b, target: a, occurredAt: '2025-03-02T10:00:00Z', kind: 'denial' }),
    );
    await createRecord(
      t.baseUrl,
      recordBody({ source: a, target: c, occurredAt: '2025-03-03T10:00:00Z' }),
    );
    await createRecord(
      t.baseUrl,
      recordBody({ source: a, target: a, occurredAt: '2025-03-04T10:00:00Z' }),
    );
    expect(ids(await dyadRecords(a, b, { mode: 'pair' }))).toEqual([ab.id, ba.id]);
    expect(ids(await dyadRecords(b, a, { mode: 'pair' }))).toEqual([ab.id, ba.id]);
    expect(ids(await dyadRecords(a, b, {}))).toEqual([ab.id]);
    expect(ids(await dyadRecords(b, a, { mode: 'directed' }))).toEqual([ba.id]);
  });

  it('holds as many records as the tone view counts, for the same dyad, mode, range and asOf', async () => {
    const w = await rollupWorld();
    const range = { from: '2025-01-01', to: '2025-12-31', tz: 'Europe/Moscow' };
    for (const [source, mode] of [
      [w.state, 'rollup'],
      [w.person, 'directed'],
      [w.person, 'pair'],
      [w.person, 'rollup'],
    ] as const)
      for (const asOf of [undefined, w.beforeAffiliation]) {
        const params = { ...range, mode, asOf };
        const listed = await dyadRecords(source, w.other, params);
        const view = await getTone(t.baseUrl, source, w.other, { ...params, bucket: 'month' });
        expect([source, mode, asOf, listed.length]).toEqual([source, mode, asOf, totalCount(view)]);
      }
    // The range is the view's: 2024-12-01 lies before it.
    expect(ids(await dyadRecords(w.state, w.other, { ...range, mode: 'rollup' }))).toEqual([
      w.inOffice,
    ]);
  });

  it('pages with a cursor, reading past records that do not count', async () => {
    const w = await rollupWorld();
    // More of the person's records before office than one read takes: none of them counts.
    const lines = Array.from({ length: 450 }, (_, i) =>
      JSON.stringify(
        recordBody({
          source: w.person,
          target: w.other,
          occurredAt: new Date(Date.parse('2025-01-19T00:00:00Z') + i * 60_000).toISOString(),
        }),
      ),
    );
    const imported = await api(t.baseUrl).post<ImportReportBody>(
      '/records/import',
      raw(`${lines.join('\n')}\n`, 'application/x-ndjson'),
    );
    expect([imported.status, imported.body.created]).toEqual([200, lines.length]);
    const pages = await dyadRecords(w.state, w.other, { mode: 'rollup', limit: 1 });
    expect(ids(pages)).toEqual([w.governmentRecord, w.inOffice]);
    expect(await dyadRecords(w.state, w.other, { mode: 'rollup', limit: 500 })).toEqual(pages);
  });

  it('shows retracted records only when asked, and refuses an unknown actor or cursor', async () => {
    const [a, b] = await freshDyad(t.baseUrl);
    const kept = await createRecord(
      t.baseUrl,
      recordBody({ source: a, target: b, occurredAt: '2025-03-01T10:00:00Z' }),
    );
    const retracted = await createRecord(
      t.baseUrl,
      recordBody({ source: a, target: b, occurredAt: '2025-03-02T10:00:00Z' }),
    );
    const client = api(t.baseUrl);
    expect(
      (await client.post(`/records/${retracted.id}/retraction`, { reason: 'misattributed' }))
        .status,
    ).toBe(201);
    expect(ids(await dyadRecords(a, b, {}))).toEqual([kept.id]);
    const all = await dyadRecords(a, b, { includeRetracted: true });
    expect(all.map((r) => [r.id, r.status])).toEqual([
      [kept.id, 'active'],
      [retracted.id, 'retracted'],
    ]);
    const unknown = await client.get<ProblemBody>(`/dyads/${a}/${actorId('nobody')}/records`);
    expect([unknown.status, unknown.body.errors?.[0]?.field]).toEqual([422, 'target']);
    const badCursor = await client.get<ProblemBody>(`/dyads/${a}/${b}/records?cursor=nonsense`);
    expect(badCursor.status).toBe(400);
    const badMode = await client.get<ProblemBody>(`/dyads/${a}/${b}/records?mode=sideways`);
    expect(badMode.status).toBe(400);
  });
});
