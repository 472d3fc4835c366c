import { api, actorId, registerActors, recordBody, raw, startTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
beforeAll(async () => { const s = Date.now(); t = await startTestApp(); console.log('start ms', Date.now() - s); });
afterAll(async () => { await t.close(); });

test('probe', async () => {
  const c = api(t.baseUrl);
  const a = actorId(), b = actorId();
  await registerActors(t.baseUrl, a, b);
  const out: unknown[] = [];
  const r1 = await c.post('/records', recordBody({ source: a, target: b }), { headers: { 'if-match': '"-1"' } });
  out.push(['ifmatch -1', r1.status, r1.body, r1.headers.get('etag')]);
  const r2 = await c.post('/records', raw('hello', 'text/plain'));
  out.push(['text/plain', r2.status, r2.contentType, r2.body]);
  const r3 = await c.post('/records', raw(JSON.stringify(recordBody({ source: a, target: b })), 'application/x-ndjson'));
  out.push(['ndjson to /records', r3.status, r3.body]);
  const r4 = await c.post('/records', raw('{"x":', 'application/json'));
  out.push(['bad json', r4.status, r4.body]);
  const r5 = await c.post('/records', recordBody({ source: a, target: b, quote: 'x'.repeat(1_100_000) }));
  out.push(['big', r5.status, r5.contentType, r5.body]);
  const r6 = await c.post('/records', raw('<a/>', 'application/xml'));
  out.push(['xml', r6.status, r6.contentType, r6.body]);
  const r7 = await c.post('/records', recordBody({ source: a, target: b, citation: { title: 'x' } }));
  out.push(['citation', r7.status, r7.body]);
  const r8 = await c.post('/records', recordBody({ source: a, target: b, occurredAt: '2025-03-30T14:00:00' }));
  out.push(['offset', r8.status, r8.body]);
  const r9 = await c.post('/records', recordBody({ source: 'nobody-x', target: b }));
  out.push(['unknown', r9.status, r9.body]);
  const r10 = await c.get('/records?cursor=abc');
  out.push(['cursor', r10.status, r10.body]);
  const r11 = await c.post('/records', recordBody({ source: a, target: b, kind: 'threat', threat: undefined }));
  out.push(['threat no terms', r11.status, r11.body]);
  const rs = await Promise.all(Array.from({ length: 30 }, () => c.post('/records', recordBody({ source: a, target: b }))));
  out.push(['concurrent', rs.map((r) => r.status).join(',')]);
  console.log(JSON.stringify(out, null, 1));
});
