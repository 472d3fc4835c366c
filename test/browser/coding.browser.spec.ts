import type { Browser, BrowserContext, Page } from 'playwright-core';
import { collectPageErrors, launchChromium } from '../support/browser';
import { startTestApp, type TestApp } from '../support/app';
import { api } from '../support/client';
import { listAll } from '../support/reads';
import { pollUntil } from '../support/waiting';
import { TEST_KEYS } from '../support/api-keys';

jest.setTimeout(120_000);

/** A news article written for this test, quoting actors of the sample directory. */
const ARTICLE = [
  'Kremlin answers Washington on sanctions',
  '',
  'MOSCOW - The Kremlin pushed back against the United States on Sunday. "Threats of new sanctions will not bring Washington any closer to peace," Dmitry Peskov told reporters in Moscow.',
  '',
  'Donald Trump was unmoved. "I will put tariffs of 50 percent on Russian oil if there is no deal within two weeks," Trump said.',
  '',
  'Markets in both capitals were calm on the news.',
].join('\n');

const PESKOV_QUOTE = 'Threats of new sanctions will not bring Washington any closer to peace';
const TRUMP_QUOTE =
  'I will put tariffs of 50 percent on Russian oil if there is no deal within two weeks';

interface StoredEvent {
  data: { recordId?: string };
  metadata: { assisted?: { suggestionId: string; changed: string[] } };
}

describe('the assisted-coding page, in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    browser = await launchChromium();
    t = await startTestApp({ sample: true });
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

  /** The card whose quote holds `words`. */
  const cardOf = (page: Page, words: string) =>
    page.locator('.card').filter({ has: page.locator('blockquote', { hasText: words }) });

  it('is linked from the analyst page and says what a refused article is', async () => {
    const page = await context.newPage();
    const errors = collectPageErrors(
      page,
      (url, status) => url.pathname === '/coding/suggestions' && status === 400,
    );
    await page.goto(`${t.baseUrl}/`);
    await page.click('#to-coding');
    await page.waitForURL(`${t.baseUrl}/page/coding.html`);
    await page.fill('#key', TEST_KEYS.recorder);
    await page.click('#key-form button[type=submit]');
    await page.fill('#text', '   ');
    await page.click('#suggest');
    const alert = await page.waitForSelector('#problem[role=alert]:not([hidden])');
    await expect(alert.textContent()).resolves.toMatch(/400.*text/i);
    expect(errors).toEqual([]);
  });

  it('suggests, marks the quotes, and records the one accepted with its edits', async () => {
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${t.baseUrl}/page/coding.html`);
    // The admin key codes (recorder) and reads the timeline (analyst), as one person might.
    await page.fill('#key', TEST_KEYS.admin);
    await page.click('#key-form button[type=submit]');
    await page.fill('#text', ARTICLE);
    await page.fill('#outlet', 'The Test Wire');
    await page.fill('#title', 'Kremlin answers Washington on sanctions');
    await page.fill('#published-at', '2026-03-02T09:00');
    await page.click('#suggest');
    await page.waitForSelector('.card');

    // Each candidate's quote is marked in the text, exactly; clicking a mark selects its card.
    const marks = await page.locator('#article mark').allTextContents();
    expect(marks).toEqual(expect.arrayContaining([PESKOV_QUOTE, TRUMP_QUOTE]));
    await page.locator('#article mark', { hasText: PESKOV_QUOTE }).click();
    const peskov = cardOf(page, PESKOV_QUOTE);
    await expect(peskov.getAttribute('class')).resolves.toContain('selected');
    await expect(peskov.getByLabel('Source').inputValue()).resolves.toBe('dmitry-peskov');

    // Edit in place: the tone, and the target (whatever the suggester made of it).
    await peskov.getByLabel('Tone').fill('-6');
    await peskov.getByLabel('Target').fill('us-government');
    if ((await peskov.getByLabel('Occurred on').inputValue()) === '')
      await peskov.getByLabel('Occurred on').fill('2026-03-01');
    const accepted = page.waitForResponse((r) => r.url().endsWith('/accept'));
    await peskov.getByRole('button', { name: 'Accept' }).click();
    const answer = await accepted;
    const receipt = (await answer.json()) as { id: string; stream: string };
    expect([answer.status(), await page.textContent('#problem')]).toEqual([201, '']);
    await expect(
      pollUntil(
        async () => ((await peskov.getAttribute('data-status')) === 'accepted' ? 1 : undefined),
        'accepted card',
      ),
    ).resolves.toBe(1);
    await expect(peskov.locator('.record-id').textContent()).resolves.toBe(receipt.id);

    const trump = cardOf(page, TRUMP_QUOTE);
    await trump.getByRole('button', { name: 'Reject' }).click();
    await pollUntil(
      async () => ((await trump.getAttribute('data-status')) === 'rejected' ? 1 : undefined),
      'rejected card',
    );
    expect(await page.isVisible('#problem')).toBe(false);

    // As the API reads it: one record from this quote, with the edited tone, marked assisted.
    const records = await listAll(t.baseUrl, { source: 'dmitry-peskov', target: 'us-government' });
    const mine = records.filter((r) => r.quote === PESKOV_QUOTE);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ id: receipt.id, tone: -6 });
    const trumpRecords = await listAll(t.baseUrl, { source: 'donald-trump' });
    expect(trumpRecords.filter((r) => r.quote === TRUMP_QUOTE)).toEqual([]);
    const events = await api(t.baseUrl).get<{ items: StoredEvent[] }>(
      `/streams/${receipt.stream}/events`,
    );
    const created = events.body.items.find((e) => e.data.recordId === receipt.id);
    expect(created?.metadata.assisted?.changed).toEqual(expect.arrayContaining(['tone']));

    // The card's link opens the analyst's timeline for that dyad, with the record on it.
    await peskov.locator('a.timeline-link').click();
    await page.waitForSelector(`#intensity-chart .marker[data-id="${receipt.id}"]`, {
      state: 'attached',
    });
    await expect(page.inputValue('#source')).resolves.toBe('dmitry-peskov');
    await expect(page.inputValue('#target')).resolves.toBe('us-government');
    expect(errors).toEqual([]);
  });

  it('rejects all, and does not offer a rejected candidate again', async () => {
    const text = ARTICLE.replace('Markets in both', 'Traders in both');
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${t.baseUrl}/page/coding.html`);
    await page.fill('#key', TEST_KEYS.recorder);
    await page.click('#key-form button[type=submit]');
    await page.fill('#text', text);
    await page.click('#suggest');
    await page.waitForSelector('.card');
    const offered = await page.locator('.card').count();
    expect(offered).toBeGreaterThanOrEqual(2);
    await page.click('#reject-all');
    await pollUntil(
      async () =>
        (await page.locator('.card[data-status=rejected]').count()) === offered ? 1 : undefined,
      'every card rejected',
    );
    await expect(page.textContent('#counts')).resolves.toBe(
      `0 open, 0 accepted, ${offered} rejected`,
    );

    await page.click('#suggest');
    await pollUntil(
      async () => ((await page.textContent('#status'))?.includes('not shown') ? 1 : undefined),
      'the second suggestion',
    );
    await expect(page.locator('.card').count()).resolves.toBe(0);
    await expect(page.textContent('#status')).resolves.toContain(`${offered} rejected before`);
    expect(
      await listAll(t.baseUrl, { source: 'donald-trump' }).then((r) =>
        r.filter((x) => x.quote === TRUMP_QUOTE),
      ),
    ).toEqual([]);
    expect(errors).toEqual([]);
  });
});
