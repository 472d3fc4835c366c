import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../src/config/paths';
import { collectPageErrors, launchChromium } from '../support/browser';
import { startTestApp, type TestApp } from '../support/app';
import { api, query, raw } from '../support/client';
import {
  actorId,
  affiliate,
  createRecord,
  freshDyad,
  recordBody,
  registerActors,
} from '../support/builders';
import { getTone, listAll, totalCount } from '../support/reads';
import { clockPast, pollUntil } from '../support/waiting';
import { parseCsv } from '../support/csv';
import type { RecordBody } from '../support/responses';
import { TEST_KEYS } from '../support/api-keys';
import { v5 as uuidv5 } from 'uuid';
import { DATASET_FIXTURES, fixtureBytes } from '../fixtures/datasets/dataset-fixtures';

jest.setTimeout(120_000);

const ARTIFACTS = join(PROJECT_ROOT, 'test-artifacts');
const TRUMP = 'donald-trump';
const PUTIN = 'vladimir-putin';

/** The whole page, as a reader sees it: everything it loads must come from parley itself. */
const PAGE_BYTES_BUDGET = 150_000;

describe("the analyst's page, in Chromium", () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let trumpToPutin: RecordBody[];

  beforeAll(async () => {
    // The browser first: without one, every test fails at once, saying what to install.
    browser = await launchChromium();
    t = await startTestApp({ sample: true });
    trumpToPutin = await listAll(t.baseUrl, { source: TRUMP, target: PUTIN });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });
  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1440, height: 1100 } });
  });
  afterEach(async () => {
    await context.close();
  });

  /** Opens the page, types the analyst key into its key field, and waits for the timeline. */
  async function openWithKey(hash = ''): Promise<{ page: Page; errors: string[] }> {
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${t.baseUrl}/${hash}`);
    await page.fill('#key', TEST_KEYS.analyst);
    await page.click('#key-form button[type=submit]');
    await page.waitForSelector('#intensity-chart .marker');
    await textOf(page, '#status', (text) => text.endsWith('.'));
    return { page, errors };
  }

  /** An attribute of every element a selector finds, in document order. */
  async function attributes(page: Page, selector: string, name: string): Promise<string[]> {
    const elements = page.locator(selector);
    const values: string[] = [];
    for (let i = 0; i < (await elements.count()); i++)
      values.push((await elements.nth(i).getAttribute(name)) ?? '');
    return values;
  }

  const markerIds = (page: Page): Promise<string[]> =>
    attributes(page, '#intensity-chart .marker', 'data-id');

  /** Waits (bounded) until the text of `selector` passes `test`, and returns it. */
  const textOf = (page: Page, selector: string, test: (text: string) => boolean): Promise<string> =>
    pollUntil(async () => {
      const text = (await page.textContent(selector)) ?? '';
      return test(text) ? text : undefined;
    }, `the text of ${selector}`);

  /** Waits (bounded) until an attribute of `selector` reads `value`. */
  const attributeIs = (
    page: Page,
    selector: string,
    name: string,
    value: string,
  ): Promise<string> =>
    pollUntil(
      async () => ((await page.getAttribute(selector, name)) === value ? value : undefined),
      `${selector} [${name}=${value}]`,
    );

  it('serves the page with the strict CSP; everything it loads comes from parley, small', async () => {
    const index = await api(t.baseUrl, null).get('/');
    expect(index.status).toBe(200);
    expect(index.contentType).toMatch(/^text\/html/);
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");

    const page = await context.newPage();
    const errors = collectPageErrors(page);
    const loaded: { url: string; bytes: number; wire: number }[] = [];
    page.on('response', (response) => {
      void Promise.all([response.body(), response.headerValue('content-length')]).then(
        ([body, length]) =>
          loaded.push({ url: response.url(), bytes: body.length, wire: Number(length ?? 0) }),
        () => undefined,
      );
    });
    await page.goto(`${t.baseUrl}/`);
    await expect(page.textContent('#status')).resolves.toContain('Enter an API key');
    await page.waitForLoadState('networkidle');
    expect(errors).toEqual([]);
    expect(loaded.map((l) => new URL(l.url).origin)).toEqual(
      loaded.map(() => new URL(t.baseUrl).origin),
    );
    expect(loaded.map((l) => new URL(l.url).pathname)).toEqual(
      expect.arrayContaining(['/', '/page/main.js', '/page/vendor/uPlot.iife.min.js']),
    );
    const bytes = loaded.reduce((sum, l) => sum + l.bytes, 0);
    const wire = loaded.reduce((sum, l) => sum + l.wire, 0);
    expect(bytes).toBeLessThan(PAGE_BYTES_BUDGET);
    expect(wire).toBeLessThan(bytes / 2);
    // The figures the README quotes.
    console.info(
      `The page loads ${loaded.length} files: ${bytes} bytes, ${wire} bytes gzipped on the wire.`,
    );
  });

  it('says plainly when the key is refused (401) or lacks the role (403)', async () => {
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}/`);
    await page.fill('#key', 'not-a-key-parley-knows-0123456789');
    await page.click('#key-form button[type=submit]');
    await expect(
      page.waitForSelector('#status[data-kind=error]').then((s) => s.textContent()),
    ).resolves.toContain('401');

    await page.fill('#key', TEST_KEYS.subscriber);
    await page.click('#key-form button[type=submit]');
    await expect(textOf(page, '#status', (text) => text.includes('403'))).resolves.toContain(
      'analyst',
    );
    // The key lives in this tab's sessionStorage only.
    await expect(
      page.evaluate<string | null>("sessionStorage.getItem('parley.apiKey')"),
    ).resolves.toBe(TEST_KEYS.subscriber);
  });

  it('draws the Trump→Putin series of the sample with exactly one marker per record', async () => {
    const { page, errors } = await openWithKey();
    expect(trumpToPutin.length).toBeGreaterThanOrEqual(8);
    const ids = await markerIds(page);
    expect([...ids].sort()).toEqual(trumpToPutin.map((r) => r.id).sort());
    expect(new Set(ids).size).toBe(ids.length);
    // Each marker's shape is its record's kind.
    const kinds = await attributes(page, '#intensity-chart .marker', 'data-kind');
    expect(Object.fromEntries(ids.map((id, i) => [id, kinds[i]]))).toEqual(
      Object.fromEntries(trumpToPutin.map((r) => [r.id, r.kind])),
    );
    // Both series were drawn: a canvas per chart, and the weighted lines in the legends.
    await expect(page.locator('#intensity-chart canvas').count()).resolves.toBe(1);
    await expect(page.locator('#tone-chart canvas').count()).resolves.toBe(1);
    await expect(page.textContent('#tone-chart .u-legend')).resolves.toContain('tone ewma');
    await expect(page.textContent('#title')).resolves.toContain('Donald Trump → Vladimir Putin');
    expect(errors).toEqual([]);
  });

  it.each([
    ['pair', TRUMP, PUTIN],
    ['rollup', 'usa', 'rus'],
    ['rollup', 'rus', 'usa'],
  ])(
    'in %s mode (%s, %s) draws one marker per record the tone view counts',
    async (mode, source, target) => {
      const { page, errors } = await openWithKey(`#source=${source}&target=${target}&mode=${mode}`);
      const view = await getTone(t.baseUrl, source, target, { mode, tz: 'UTC' });
      const ids = await markerIds(page);
      expect(ids.length).toBe(totalCount(view));
      expect(ids.length).toBeGreaterThan(0);
      expect(new Set(ids).size).toBe(ids.length);
      expect(errors).toEqual([]);
    },
  );

  it('shows the quote of a hovered marker, and the quote, source and history of a clicked one', async () => {
    const { page, errors } = await openWithKey();
    for (const record of trumpToPutin) {
      await page.hover(`#intensity-chart .marker[data-id="${record.id}"]`);
      await textOf(page, '#tooltip', (text) => text.includes(record.quote ?? ''));
      await expect(page.isVisible('#tooltip')).resolves.toBe(true);
      await page.click(`#intensity-chart .marker[data-id="${record.id}"]`);
      await page.waitForSelector(`#detail .quote[data-id="${record.id}"]`);
      await page.waitForSelector('#detail .history li');
      await expect(page.textContent('#detail .quote')).resolves.toBe(record.quote);
      await expect(page.textContent('#detail')).resolves.toContain(record.citation.outlet);
    }
    expect(errors).toEqual([]);
  });

  it('draws volatility, shifts, reciprocity and credibility; saves a screenshot (test-artifacts/page.png)', async () => {
    const { page, errors } = await openWithKey(
      `#source=${TRUMP}&target=${PUTIN}&mode=directed&from=2024-12-01&to=2025-07-01&bucket=week&tz=America/New_York`,
    );
    const inRange = trumpToPutin.filter(
      (r) =>
        Date.parse(r.occurredAt) >= Date.parse('2024-12-01T00:00:00-05:00') &&
        Date.parse(r.occurredAt) < Date.parse('2025-07-01T00:00:00-04:00'),
    );
    await expect(markerIds(page).then((ids) => ids.sort())).resolves.toEqual(
      inRange.map((r) => r.id).sort(),
    );
    await expect(page.isVisible('#volatility-chart canvas')).resolves.toBe(true);
    await expect(page.locator('#tone-chart .shift').count()).resolves.toBeGreaterThan(0);
    await expect(page.textContent('#reciprocity')).resolves.toContain(`${PUTIN} → ${TRUMP}`);
    await expect(page.textContent('#credibility')).resolves.toContain('Donald Trump');

    // The threat board, for every actor: each threat of the log under its fate.
    await page.check('#threats-all');
    const everyThreat = await listAll(t.baseUrl, { kind: 'threat' });
    await pollUntil(
      async () =>
        (await page.locator('#threats li').count()) === everyThreat.length ? true : undefined,
      'the threat board of every actor',
    );
    await expect(
      attributes(page, '#threats li', 'data-id').then((ids) => ids.sort()),
    ).resolves.toEqual(everyThreat.map((r) => r.id).sort());

    await page.click(`#intensity-chart .marker[data-id="${crazy().id}"]`);
    await page.waitForSelector('#detail .history li');
    await page.mouse.move(0, 0);
    await page.waitForSelector('#tooltip', { state: 'hidden' });
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'page.png'), fullPage: true });

    // The states, rolled up by affiliation: threats (triangles) and denials (diamonds) too.
    await page.goto(
      `${t.baseUrl}/#source=usa&target=rus&mode=rollup&from=2024-12-01&to=2025-10-01&bucket=week&tz=Europe/Moscow`,
    );
    await page.waitForSelector('#intensity-chart .marker--threat');
    await textOf(page, '#status', (text) => text.endsWith('.'));
    const threat = page.locator('#intensity-chart .marker--threat').first();
    await threat.click();
    await page.waitForSelector('#detail .history li');
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(ARTIFACTS, 'page-rollup.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('moving asOf to before a correction shows the old value', async () => {
    const record = crazy();
    const before = record.tone;
    const corrected = await api(t.baseUrl).post<{ revision: number }>(
      `/records/${record.id}/corrections`,
      { changes: { tone: -9 }, reason: 'browser test: re-read the post' },
      { headers: { authorization: `Bearer ${TEST_KEYS.recorder}` } },
    );
    expect(corrected.status).toBe(201);
    const history = await api(t.baseUrl).get<RecordBody>(`/records/${record.id}`);
    const correctedAt = Date.parse(history.body.history?.at(-1)?.recordedAt ?? '');
    expect(before).toBe(-7);

    const { page, errors } = await openWithKey();
    const marker = page.locator(`#intensity-chart .marker[data-id="${record.id}"]`);
    await expect(marker.getAttribute('data-tone')).resolves.toBe('-9');
    await marker.click();
    await page.waitForSelector('#detail .history li[data-version="2"]');
    await expect(page.textContent('#detail .tone-value')).resolves.toBe('-9');

    // Back along the slider, one recorded change at a time, to before the correction.
    await page.locator('#asof').focus();
    const sliderAt = async (): Promise<number> =>
      Date.parse((await page.getAttribute('#asof-bar', 'data-asof')) ?? '');
    for (let step = 0; step < 10 && !((await sliderAt()) < correctedAt); step++)
      await page.keyboard.press('ArrowLeft');
    expect(await sliderAt()).toBeLessThan(correctedAt);
    await attributeIs(page, `#intensity-chart .marker[data-id="${record.id}"]`, 'data-tone', '-7');
    await textOf(page, '#detail .tone-value', (text) => text === '-7');
    // The tone shows from the marker's record at once; its history comes with the detail.
    await page.waitForSelector('#detail .history li[data-version="1"]');
    await expect(page.locator('#detail .history li').count()).resolves.toBe(1);
    await expect(page.textContent('#asof-label')).resolves.toMatch(/^\d{4}-\d\d-\d\d /);

    // And forward to now again.
    await page.click('#asof-now');
    await textOf(page, '#detail .tone-value', (text) => text === '-9');
    expect(errors).toEqual([]);
  });

  it('in a roll-up as of before an affiliation was recorded, draws only what the tone view then counts', async () => {
    // A member whose record is recorded first and whose affiliation to the USA comes later.
    const member = actorId('p');
    await registerActors(t.baseUrl, [member, 'person']);
    const record = await createRecord(
      t.baseUrl,
      recordBody({ source: member, target: 'rus', occurredAt: '2025-06-15T12:00:00Z', tone: -2 }),
    );
    const recordedAt = (await api(t.baseUrl).get<RecordBody>(`/records/${record.id}`)).body
      .recordedAt;
    await clockPast(recordedAt);
    await affiliate(t.baseUrl, member, 'usa', '2025-01-01');

    const { page, errors } = await openWithKey('#source=usa&target=rus&mode=rollup&tz=UTC');
    await expect(markerIds(page)).resolves.toContain(record.id);
    // One step back along the slider: as the log stood when the record was recorded.
    await page.locator('#asof').focus();
    await page.keyboard.press('ArrowLeft');
    await attributeIs(page, '#asof-bar', 'data-asof', new Date(recordedAt).toISOString());
    await textOf(page, '#status', (text) => text.includes('as known on'));
    const then = await getTone(t.baseUrl, 'usa', 'rus', {
      mode: 'rollup',
      tz: 'UTC',
      asOf: new Date(recordedAt).toISOString(),
    });
    const ids = await markerIds(page);
    expect(ids).not.toContain(record.id);
    expect(ids.length).toBe(totalCount(then));
    expect(errors).toEqual([]);
  });

  it('downloads what it shows as CSV, and lists the threats of a dyad by their fate', async () => {
    const { page, errors } = await openWithKey(`#source=${TRUMP}&target=rus&mode=directed`);
    await page.waitForSelector('#threats .threat-group--open li');
    const open = await attributes(page, '#threats .threat-group--open li', 'data-id');
    const threats = await listAll(t.baseUrl, { source: TRUMP, target: 'rus', kind: 'threat' });
    expect(open.sort()).toEqual(
      threats
        .filter((r) => r.threatStatus === 'open')
        .map((r) => r.id)
        .sort(),
    );

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('#csv-records'),
    ]);
    const csv = parseCsv(readFileSync(await download.path(), 'utf8'));
    const shown = await markerIds(page);
    expect(csv[0]?.slice(0, 3)).toEqual(['id', 'kind', 'source']);
    expect(
      csv
        .slice(1)
        .map((row) => row[0])
        .sort(),
    ).toEqual([...shown].sort());
    expect(errors).toEqual([]);
  });

  it("lists a dyad's threats by fate, open ones with their deadlines, and the threatener's credibility", async () => {
    const [source, target] = await freshDyad(t.baseUrl);
    const threat = async (quote: string, deadline?: string): Promise<string> =>
      (
        await createRecord(
          t.baseUrl,
          recordBody({
            source,
            target,
            kind: 'threat',
            quote,
            threat: { instrument: 'tariff', magnitude: '25%', ...(deadline ? { deadline } : {}) },
          }),
        )
      ).id;
    const open = await threat('Pay up by 2030 or else', '2030-01-01T00:00:00Z');
    const settled: Record<string, string> = {
      'carried-out': await threat('Tariffs tomorrow'),
      withdrawn: await threat('Tariffs next week'),
      lapsed: await threat('Tariffs some day'),
    };
    for (const [outcome, id] of Object.entries(settled)) {
      const answer = await api(t.baseUrl).post(`/records/${id}/outcome`, {
        outcome,
        occurredAt: '2025-04-02T00:00:00Z',
      });
      expect([outcome, answer.status]).toEqual([outcome, 201]);
    }

    const { page, errors } = await openWithKey(`#source=${source}&target=${target}`);
    await expect(attributes(page, '#threats .threat-group--open li', 'data-id')).resolves.toEqual([
      open,
    ]);
    await expect(page.textContent('#threats .threat-group--open .deadline')).resolves.toContain(
      'deadline 2030-01-01',
    );
    for (const [outcome, id] of Object.entries(settled))
      await expect(
        attributes(page, `#threats .threat-group--${outcome} li`, 'data-id'),
      ).resolves.toEqual([id]);
    await expect(page.textContent(`#credibility [data-actor="${source}"]`)).resolves.toContain(
      '1 of 3 settled threats carried out',
    );
    // A threat on the board opens like a marker.
    await page.click(`#threats li[data-id="${open}"] button`);
    await expect(textOf(page, '#detail .quote', (text) => text !== '')).resolves.toBe(
      'Pay up by 2030 or else',
    );
    expect(errors).toEqual([]);
  });

  it('shows an action, a dataset row without a quote, with its own marker, its origin and a filter of its kind', async () => {
    const [source, target] = await freshDyad(t.baseUrl);
    const statement = await createRecord(t.baseUrl, recordBody({ source, target, tone: 3 }));
    const action = await createRecord(
      t.baseUrl,
      recordBody({
        source,
        target,
        kind: 'action',
        quote: undefined,
        occurredAt: '2025-03-31T00:00:00Z',
        precision: 'day',
        citation: { outlet: 'GDELT 2.0', title: 'Event 1234567890' },
        code: '190',
        tone: -4,
        origin: { dataset: 'gdelt2', id: '1234567890', mentions: 12, intensity: -9.5 },
      }),
    );

    const { page, errors } = await openWithKey(`#source=${source}&target=${target}`);
    const marker = `#intensity-chart .marker[data-id="${action.id}"]`;
    await expect(page.getAttribute(marker, 'class')).resolves.toContain('marker--action');
    await expect(page.getAttribute(marker, 'data-intensity')).resolves.toBe('-9.5');
    await expect(page.isVisible('#kind-filters .marker-key.marker--action')).resolves.toBe(true);

    await page.hover(marker);
    await textOf(page, '#tooltip', (text) => text.includes('no quote: gdelt2 row'));
    await page.click(marker);
    const detail = await textOf(page, `#detail .no-quote[data-id="${action.id}"]`, (text) =>
      text.includes('gdelt2'),
    );
    expect(detail).toContain('row 1234567890');
    await expect(page.textContent('#detail')).resolves.toContain('gdelt2 row 1234567890');
    await expect(page.textContent('#detail')).resolves.toContain('gdelt2:AvgTone');
    await expect(page.locator('#detail .quote').count()).resolves.toBe(0);

    // Unticking "action" hides the action's marker and leaves the statement's.
    await page.uncheck('#kind-filters input[value="action"]');
    await expect(page.isVisible(marker)).resolves.toBe(false);
    await expect(
      page.isVisible(`#intensity-chart .marker[data-id="${statement.id}"]`),
    ).resolves.toBe(true);
    await page.check('#kind-filters input[value="action"]');
    await expect(page.isVisible(marker)).resolves.toBe(true);
    expect(errors).toEqual([]);
  });

  it('writes its CSV so that no cell runs as a spreadsheet formula, numbers left as they are', async () => {
    const [source, target] = await freshDyad(t.baseUrl);
    const attack = "-2+3+cmd|' /C calc'!A0";
    const record = await createRecord(
      t.baseUrl,
      recordBody({
        source,
        target,
        quote: attack,
        tone: -2,
        citation: { outlet: '=outlet', title: 't' },
      }),
    );
    const { page, errors } = await openWithKey(`#source=${source}&target=${target}`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('#csv-records'),
    ]);
    const [header, row] = parseCsv(readFileSync(await download.path(), 'utf8'));
    const cell = (name: string): string | undefined => row?.[header?.indexOf(name) ?? -1];
    expect(cell('id')).toBe(record.id);
    expect(cell('quote')).toBe(`'${attack}`);
    expect(
      header?.map((name) => cell(name)).filter((value) => value?.startsWith('=') ?? false),
    ).toEqual([]);
    expect(cell('tone')).toBe('-2');
    expect(errors).toEqual([]);
  });

  it('offers the actors a GDELT import registered, and draws their records', async () => {
    const imported = await api(t.baseUrl).post<{ taken: number; unchanged: number }>(
      `/records/import${query({ format: 'gdelt2' })}`,
      raw(fixtureBytes(DATASET_FIXTURES.gdelt2Zip), 'application/zip'),
    );
    expect(imported.status).toBe(200);
    expect(imported.body.taken + imported.body.unchanged).toBeGreaterThan(0);
    // The real row 410412990: the German government threatens Russia with sanctions (1312).
    const threat = uuidv5('gdelt2:410412990', '47326fbb-dbfb-483c-8b4c-3c40724c7a08');

    const { page, errors } = await openWithKey('#source=deu-gov&target=rus&bucket=day&tz=UTC');
    await expect(page.inputValue('#source')).resolves.toBe('deu-gov');
    await expect(page.textContent('#source option[value="deu-gov"]')).resolves.toBe(
      'Government (Germany) (deu-gov)',
    );
    const marker = `#intensity-chart .marker[data-id="${threat}"]`;
    await page.waitForSelector(marker);
    await expect(page.getAttribute(marker, 'class')).resolves.toContain('marker--threat');
    await page.click(marker);
    await textOf(page, '#detail', (text) => text.includes('gdelt2 row 410412990'));
    expect(errors).toEqual([]);
  });

  /** The sample's "absolutely CRAZY!" post: a Trump→Putin record with a tone of −7. */
  it('asks the tone view for the weight and count chosen, and keeps them in the address', async () => {
    const { page, errors } = await openWithKey(`#source=${TRUMP}&target=${PUTIN}`);
    await page.selectOption('#weight', 'mentions');
    await page.selectOption('#count', 'events');
    const [request] = await Promise.all([
      page.waitForRequest((r) => r.url().includes('/tone?')),
      page.click('#query button[type=submit]'),
    ]);
    const params = new URL(request.url()).searchParams;
    expect([params.get('weight'), params.get('count')]).toEqual(['mentions', 'events']);
    await textOf(page, '#status', (text) => text.endsWith('.'));
    const hash = new URLSearchParams(new URL(page.url()).hash.slice(1));
    expect([hash.get('weight'), hash.get('count')]).toEqual(['mentions', 'events']);
    expect(errors).toEqual([]);
  });

  function crazy(): RecordBody {
    const record = trumpToPutin.find((r) => r.quote?.includes('CRAZY'));
    if (!record) throw new Error('The sample has no "absolutely CRAZY!" record');
    return record;
  }
});
