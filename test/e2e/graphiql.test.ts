import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchChromium } from '../helpers/chromium.js';
import { startHarness, type Harness } from '../helpers/harness.js';

// GraphiQL must work on a machine without internet: every asset comes from billgraph itself.
describe('GraphiQL in a real browser, offline', () => {
  let h: Harness;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (.ci/run does)`);
    h = await startHarness();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it('renders, loads no outside URL, and runs a query against the sandbox', async () => {
    const page = await browser.newPage();
    const outside: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (!['127.0.0.1', 'localhost'].includes(url.hostname) && !['data:', 'blob:'].includes(url.protocol)) outside.push(request.url());
    });
    const query = '{ upcomingInvoice { status amountDue { formatted } } }';
    await page.goto(`${h.url}?query=${encodeURIComponent(query)}`, { waitUntil: 'load' });
    await page.waitForSelector('.graphiql-execute-button', { timeout: 20_000 });
    await page.click('.graphiql-execute-button');
    const result = page.locator('.result-window');
    await expect.poll(async () => result.innerText(), { timeout: 15_000 }).toContain('DRAFT');
    expect(await result.innerText()).toContain('$70.04');
    expect(outside).toEqual([]);
    await page.close();
  });

  it('opens with the example query when none is given', async () => {
    const page = await browser.newPage();
    await page.goto(h.url, { waitUntil: 'load' });
    await page.waitForSelector('.graphiql-execute-button', { timeout: 20_000 });
    // The editor renders spaces as no-break spaces.
    const editor = (await page.locator('.graphiql-query-editor').innerText()).replace(/\u00a0/g, ' ');
    expect(editor).toContain('upcomingInvoice');
    expect(editor).toContain('query UpcomingAndHistory');
    await page.close();
  });
});
