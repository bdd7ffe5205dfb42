/**
 * Starts the machine's Chromium through playwright-core. It never
 * downloads a browser: CHROME_PATH or /usr/bin/chromium.
 */
import { chromium } from 'playwright-core';

/** Command-line switches for a quiet, sandbox-free headless Chromium. */
export const CHROMIUM_ARGS = Object.freeze([
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]);

/**
 * Launches Chromium.
 * @param {{headless?: boolean}} [options]
 * @returns {Promise<import('playwright-core').Browser>}
 */
export function launchBrowser({ headless = true } = {}) {
  return chromium.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    headless,
    args: [...CHROMIUM_ARGS],
  });
}
