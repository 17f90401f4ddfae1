// Real headless Chromium for browser tests: Debian's chromium driven by playwright-core. Missing
// Chromium skips these tests on a laptop, but fails them under CI, where .ci/run installs it.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { LocalWorkspace } from '../../src/page/start.js';
import { closeTestWorkspace, startTestWorkspace } from './test-workspace.js';

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

/** The local workspace with its bot, and its page open in Chromium with live updates connected. */
export interface WorkspaceInBrowser {
  workspace: LocalWorkspace;
  browser: Browser;
  page: Page;
  dataDir: string;
}

export interface PageOptions {
  viewport?: { width: number; height: number };
  timeoutMs?: number;
  /** The browser's own timezone (IANA), e.g. to show the page sets its times in the account's zone, not the reader's. */
  timezoneId?: string;
  /** Runs on the new page before it loads (e.g. to watch its requests). */
  beforeLoad?: (page: Page) => void;
}

/** Starts the workspace on `env` (in-process, random ports) and opens its page. */
export async function openWorkspaceInBrowser(env: NodeJS.ProcessEnv & { MEMDESK_DATA_DIR: string }, options: PageOptions = {}): Promise<WorkspaceInBrowser> {
  const { workspace } = await startTestWorkspace(env);
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: options.viewport ?? { width: 1280, height: 800 }, ...(options.timezoneId ? { timezoneId: options.timezoneId } : {}) });
  // A wait covers a whole bot turn (SQLite commits and all): a couple of seconds on a quiet machine, ten
  // times that on two cores loaded by other work, where 10 s ran out.
  page.setDefaultTimeout(options.timeoutMs ?? 20_000);
  options.beforeLoad?.(page);
  await page.goto(workspace.url);
  await page.locator('#live[data-connected="true"]').waitFor();
  return { workspace, browser, page, dataDir: env.MEMDESK_DATA_DIR };
}

export async function closeWorkspaceInBrowser(open: WorkspaceInBrowser | undefined): Promise<void> {
  await open?.browser.close();
  await closeTestWorkspace(open);
}

/** A vitest beforeEach that leaves a screenshot in test-output/ when the test fails. */
export function screenshotOnFailure(page: () => Page | undefined, prefix: string) {
  return (context: { task: { name: string }; onTestFailed(fn: () => Promise<void>): void }) => {
    context.onTestFailed(async () => {
      const file = await saveScreenshot(page(), `${prefix}-${context.task.name}`);
      if (file) console.error(`screenshot of the failed page: ${file}`);
    });
  };
}
