// Real headless Chromium for browser tests: Debian's chromium driven by playwright-core. Missing
// Chromium skips these tests on a laptop, but fails them under CI, where .ci/run installs it.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const chromiumPath = '/usr/bin/chromium';
export const haveChromium = existsSync(chromiumPath);
/** Under CI a missing browser is a failure, never a skip. */
export const browserTestsRun = haveChromium || Boolean(process.env.CI);

export async function launchChromium(): Promise<Browser> {
  if (!haveChromium) {
    throw new Error(`${chromiumPath} is missing: install Debian's chromium (apt-get install -y chromium), as .ci/run does`);
  }
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

export const testOutputDir = join(process.cwd(), 'test-output');

/** Saves what the page looked like, for a failed test; returns the file. */
export async function saveScreenshot(page: Page | undefined, name: string): Promise<string | undefined> {
  if (!page || page.isClosed()) return undefined;
  mkdirSync(testOutputDir, { recursive: true });
  const path = join(testOutputDir, `${name.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 80)}.png`);
  await page.screenshot({ path, fullPage: true }).catch(() => undefined);
  return path;
}
