// Builds a memdesk on its embedded defaults in a fresh temp folder, for tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { compose, type ComposeOptions } from '../../src/compose.js';
import { loadConfig } from '../../src/config.js';
import type { Memdesk } from '../../src/memdesk.js';
import { afterEach } from 'vitest';

export const DEMO_MESSAGE = 'Hi, I was charged twice for my subscription this month. Can you sort this out?';

export function testEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv & { MEMDESK_DATA_DIR: string } {
  const dir = mkdtempSync(join(tmpdir(), 'memdesk-test-'));
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    MEMDESK_DATA_DIR: dir,
    MEMDESK_NOW: '2026-11-25T10:00:00Z',
    MEMDESK_NAMESPACE: 'test',
    POLICY_DIR: './policy',
    DIRECTORY_FILE: './config/directory.yml',
    DECIDER: 'policy',
    MEMORY: 'local',
    LOG_LEVEL: 'silent',
    // Most tests post independent messages, several from one customer within seconds, and wait for
    // each reply: intake would join and hold them. The intake tests (test/slack/staff-in-the-loop)
    // set their own window and quiet period.
    INTAKE_WINDOW: '0',
    INTAKE_QUIET_MS: '0',
    ...extra,
  };
}

export async function testMemdesk(extra: Record<string, string> = {}, opts: ComposeOptions = {}): Promise<Memdesk & { dataDir: string; cleanup(): Promise<void> }> {
  const env = testEnv(extra);
  const memdesk = await compose(loadConfig(env), { logger: pino({ level: 'silent' }), ...opts });
  return Object.assign(memdesk, {
    dataDir: env.MEMDESK_DATA_DIR,
    async cleanup() {
      await memdesk.close();
      rmSync(env.MEMDESK_DATA_DIR, { recursive: true, force: true });
    },
  });
}

/**
 * testMemdesk for a file whose tests each start their own: what a test started is closed and its data dir
 * removed after it (call at the top level of the file).
 */
export function memdeskPerTest(): typeof testMemdesk {
  let open: Awaited<ReturnType<typeof testMemdesk>>[] = [];
  afterEach(async () => {
    await Promise.all(open.map((m) => m.cleanup()));
    open = [];
  });
  return async (extra, opts) => {
    const m = await testMemdesk(extra, opts);
    open.push(m);
    return m;
  };
}
