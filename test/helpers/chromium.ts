import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (.ci/run installs it): never a downloaded browser. */
export const CHROMIUM = '/usr/bin/chromium';

/** Debian's Chromium, headless and offline-friendly. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
