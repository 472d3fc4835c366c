import type { Browser, BrowserContext, Page } from 'playwright-core';
import { collectPageErrors, launchChromium } from '../support/browser';
import { startTestApp, type TestApp } from '../support/app';
import { TEST_KEYS } from '../support/api-keys';

jest.setTimeout(120_000);

describe('the API docs at /docs, in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    [t, browser] = await Promise.all([startTestApp({ sample: true }), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });
  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  });
  afterEach(async () => {
    await context.close();
  });

  /** Opens /docs and waits until swagger-ui has drawn the document's operations. */
  async function openDocs(): Promise<{ page: Page; errors: string[]; violations: string[] }> {
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    // A CSP refusal is a console error too; the event says which directive refused what.
    const violations: string[] = [];
    await page.exposeFunction('reportViolation', (text: string) => violations.push(text));
    // A string, run in the page: the tests are type-checked without the DOM's types.
    await page.addInitScript(`document.addEventListener('securitypolicyviolation', (event) =>
      window.reportViolation(event.violatedDirective + ' refused ' + (event.blockedURI || 'inline')));`);
    await page.goto(`${t.baseUrl}/docs`);
    await page.waitForSelector('#operations-Actors-Actors_list');
    return { page, errors, violations };
  }

  it('authorizes with a key and runs "Try it out" on GET /actors, with no CSP violation', async () => {
    const { page, errors, violations } = await openDocs();
    await expect(page.textContent('.info .title')).resolves.toContain('parley');

    await page.click('.auth-wrapper button.authorize');
    await page.fill('.modal-ux input[type=text]', TEST_KEYS.analyst);
    await page.click('.modal-ux .auth-btn-wrapper button.authorize');
    await page.click('.modal-ux .auth-btn-wrapper button.btn-done');

    const operation = page.locator('#operations-Actors-Actors_list');
    await operation.locator('.opblock-summary').click();
    await operation.locator('button.try-out__btn').click();
    await operation.locator('button.execute').click();
    const status = operation.locator('.live-responses-table .response .response-col_status');
    await status.waitFor();
    await expect(status.textContent()).resolves.toContain('200');
    const body = await operation
      .locator('.live-responses-table .response-col_description pre')
      .first()
      .textContent();
    expect(body).toContain('"donald-trump"');
    // The curl line swagger-ui shows carries the key given to Authorize.
    await expect(operation.locator('.curl-command').textContent()).resolves.toContain(
      `Bearer ${TEST_KEYS.analyst}`,
    );

    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('keeps the key across a reload (persistAuthorization)', async () => {
    const { page } = await openDocs();
    await page.click('.auth-wrapper button.authorize');
    await page.fill('.modal-ux input[type=text]', TEST_KEYS.analyst);
    await page.click('.modal-ux .auth-btn-wrapper button.authorize');
    await page.click('.modal-ux .auth-btn-wrapper button.btn-done');
    await page.reload();
    await page.waitForSelector('#operations-Actors-Actors_list');
    await page.waitForSelector('.auth-wrapper button.authorize.locked');
  });
});
