// Debian's Chromium, driven by playwright-core, for the page tests. In CI it must be there (the
// suites fail instead of skipping); elsewhere a suite skips with the reason.
import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

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
