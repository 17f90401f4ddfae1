// The local workspace for page tests: started in-process on random ports over a test data folder, and
// closed with that folder removed.
import { rmSync } from 'node:fs';
import { pino } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startLocalWorkspace, type LocalWorkspace } from '../../src/page/start.js';

export interface TestWorkspace {
  workspace: LocalWorkspace;
  dataDir: string;
}

export async function startTestWorkspace(env: NodeJS.ProcessEnv & { MEMDESK_DATA_DIR: string }): Promise<TestWorkspace> {
  const workspace = await startLocalWorkspace({ config: loadConfig(env), logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }), port: 0 });
  return { workspace, dataDir: env.MEMDESK_DATA_DIR };
}

export async function closeTestWorkspace(open: TestWorkspace | undefined): Promise<void> {
  await open?.workspace.close();
  if (open?.dataDir) rmSync(open.dataDir, { recursive: true, force: true });
}

/**
 * Starts a workspace on `testEnv()` before the file's tests and closes it after them; the returned
 * function is the running workspace.
 */
export function workspaceForFile(env: () => NodeJS.ProcessEnv & { MEMDESK_DATA_DIR: string }): () => LocalWorkspace {
  let started: TestWorkspace | undefined;
  beforeAll(async () => {
    started = await startTestWorkspace(env());
  }, 60_000);
  afterAll(async () => {
    await closeTestWorkspace(started);
  });
  return () => {
    if (!started) throw new Error('the test workspace has not started');
    return started.workspace;
  };
}
