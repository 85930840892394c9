// Debian's Chromium, driven by playwright-core, for the page tests. In CI it must be there (the
// suites fail instead of skipping); elsewhere a suite skips with the reason.
import fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { TestServer } from './server.ts';

export const CHROMIUM = '/usr/bin/chromium';

export const chromiumAvailable = fs.existsSync(CHROMIUM);
if (!chromiumAvailable && process.env.CI) throw new Error(`${CHROMIUM} is required in CI`);

/** `describe` option: skip (outside CI) when Chromium is not installed. */
export const skipWithoutChromium = chromiumAvailable ? false : `${CHROMIUM} is not installed`;

/**
 * Headless, and quiet on a closed network: without the background-networking flags Chromium
 * keeps trying (and failing) to reach its vendor's hosts.
 */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}

/** Signs the tenant owner in to the dashboard and waits for its first page (Activity). */
export async function signInToDashboard(page: Page, server: Pick<TestServer, 'url' | 'credentials'>): Promise<void> {
  await page.goto(`${server.url}/dashboard`);
  await page.fill('#email', server.credentials.admin.email);
  await page.fill('#password', server.credentials.admin.password);
  await page.click('button:has-text("Continue")');
  await page.waitForURL(`${server.url}/dashboard/default/activity`);
}
