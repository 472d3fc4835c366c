import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium (the `chromium` package); `.ci/run` installs it when it is missing. */
export const CHROMIUM_PATH = process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Launches Debian's Chromium, headless. A missing browser fails the test that asked for
 * it, saying what to install: the browser tests are never skipped in silence.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(
      `No Chromium at ${CHROMIUM_PATH}: the browser tests need Debian's chromium package ` +
        '(apt-get install -y chromium; .ci/run installs it), or PARLEY_CHROMIUM set to a Chromium binary.',
    );
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    // Root (CI containers) cannot use Chromium's sandbox.
    args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
  });
}

/**
 * What a page did that a test should fail on: script errors, console errors (CSP
 * refusals among them) and answers of 400 or more, each with its URL, unless `expected`
 * says the answer was meant (a test of a refused key).
 */
export function collectPageErrors(
  page: Page,
  expected: (url: URL, status: number) => boolean = () => false,
): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // Chromium's own line for a failed request names no URL: the response below does.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
      errors.push(`console: ${message.text()}`);
  });
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (response.status() >= 400 && !expected(url, response.status()))
      errors.push(`${response.status()} ${url.pathname}${url.search}`);
  });
  return errors;
}
