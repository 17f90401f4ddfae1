// Which decider answers, and with which model, is visible: on /healthz and on the local workspace
// page, so nobody mistakes the offline policy engine (or a fallback) for the model they configured.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv } from '../support/memdesk-env.js';
import { closeTestWorkspace, startTestWorkspace, type TestWorkspace } from './test-workspace.js';
import { startOpenAIServer, type OpenAIServer } from '../support/openai-server.js';
import { browserTestsRun, launchChromium } from './browser.js';

let model: OpenAIServer;
let started: TestWorkspace | undefined;
let workspace: TestWorkspace['workspace'];

beforeAll(async () => {
  model = await startOpenAIServer({ model: 'tools' });
  const env = testEnv({ DECIDER: 'openai', OPENAI_BASE_URL: model.baseUrl, OPENAI_MODEL: 'qwen3:8b' });
  started = await startTestWorkspace(env);
  workspace = started.workspace;
});
afterAll(async () => {
  await closeTestWorkspace(started);
  await model?.close();
});

describe('the decider in use', () => {
  it('/healthz names the decider and its model', async () => {
    const res = await fetch(`${workspace.url}/healthz`);
    expect(await res.json()).toEqual({ ok: true, decider: 'openai', model: 'qwen3:8b', memory: 'local', memory_index: 'current', store: 'sqlite' });
  });

  it.runIf(browserTestsRun)('the page shows it in its header', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(workspace.url);
      const decider = page.locator('#decider', { hasText: 'Decider:' });
      await decider.waitFor({ timeout: 10_000 });
      expect(await decider.textContent()).toBe('Decider: openai (qwen3:8b) · memory: local');
    } finally {
      await browser.close();
    }
  });
});
