import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/config/paths';
import { startTestApp, type TestApp } from '../support/app';
import { api } from '../support/client';

jest.setTimeout(120_000);

/** The page's files over HTTP; what it does in a browser is test/browser's part. */
describe("the analyst's page: files", () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves the page, its modules and uPlot without a key, each with its type and the CSP', async () => {
    const anonymous = api(t.baseUrl, null);
    const expected: [string, RegExp][] = [
      ['/', /^text\/html; charset=utf-8$/],
      ['/page/main.js', /^text\/javascript; charset=utf-8$/],
      ['/page/page.css', /^text\/css; charset=utf-8$/],
      ['/page/vendor/uPlot.iife.min.js', /^text\/javascript/],
      ['/page/vendor/uPlot.min.css', /^text\/css/],
    ];
    for (const [path, type] of expected) {
      const response = await anonymous.get(path);
      expect([path, response.status, response.contentType]).toEqual([
        path,
        200,
        expect.stringMatching(type),
      ]);
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
    const uplot = await anonymous.get('/page/vendor/uPlot.iife.min.js');
    expect(uplot.text).toBe(
      readFileSync(join(PROJECT_ROOT, 'node_modules/uplot/dist/uPlot.iife.min.js'), 'utf8'),
    );
  });

  it('has no inline script or style for the CSP to refuse', async () => {
    const html = (await api(t.baseUrl, null).get('/')).text;
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/\sstyle=/);
    expect(html).not.toMatch(/<style/);
    expect(html).not.toMatch(/\son[a-z]+=/);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('sends each file gzipped to a client that takes gzip, and as it is to one that does not', async () => {
    const get = async (encoding: string): Promise<Response> =>
      fetch(`${t.baseUrl}/page/vendor/uPlot.iife.min.js`, {
        headers: { 'accept-encoding': encoding },
      });
    const plain = readFileSync(join(PROJECT_ROOT, 'node_modules/uplot/dist/uPlot.iife.min.js'));
    const gzipped = await get('gzip, br');
    expect(gzipped.headers.get('content-encoding')).toBe('gzip');
    expect(gzipped.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(Number(gzipped.headers.get('content-length'))).toBeLessThan(plain.length / 2);
    // fetch undoes the gzip: the body is the file.
    expect(Buffer.from(await gzipped.arrayBuffer())).toEqual(plain);
    for (const refused of ['identity', 'gzip;q=0', 'br'])
      expect((await get(refused)).headers.get('content-encoding')).toBeNull();
  });

  it('answers 304 to a fresh copy, and 404 problem+json to any file it does not have', async () => {
    const first = await api(t.baseUrl, null).get('/page/main.js');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]{16}"$/);
    expect(first.headers.get('cache-control')).toBe('no-cache');
    const again = await fetch(`${t.baseUrl}/page/main.js`, { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);

    for (const path of [
      '/page/nope.js',
      '/page/tsconfig.json',
      '/page/..%2Fpage.controller.ts',
      '/page/vendor/uPlot.cjs.js',
      '/page/vendor/..%2F..%2Fpackage.json',
    ]) {
      const response = await api(t.baseUrl, null).get(path);
      expect([path, response.status, response.contentType]).toEqual([
        path,
        404,
        expect.stringMatching(/^application\/problem\+json/),
      ]);
    }
  });
});
