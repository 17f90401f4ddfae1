// Write-backs survive a memory outage and a killed process; search outages fall back to a human. The
// killed `memdesk ask` is a real process (node bin/memdesk.js, SIGKILL); the commands around it run in
// process (runCli, what the project's bin runs), where their output and records are the point.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startMem0Server } from '../support/mem0-server.js';
import { memdeskStdout, runMemdesk } from '../support/memdesk-cli.js';
import { DEMO_MESSAGE, testEnv, testMemdesk } from '../support/memdesk-env.js';

type Mem0 = Awaited<ReturnType<typeof startMem0Server>>;
let mem0: Mem0;
beforeEach(async () => {
  mem0 = await startMem0Server();
});
afterEach(async () => {
  await mem0.close();
});
const platformEnv = () => ({ MEMORY: 'mem0-platform', MEM0_API_KEY: mem0.apiKey, MEM0_HOST: mem0.url });

describe('memory outages', () => {
  it('a search outage: the ticket proceeds without memory, is marked memory_unavailable and goes to a human', async () => {
    const m = await testMemdesk(platformEnv());
    try {
      mem0.fail({ status: 500, times: 20, path: /search/ });
      const o = await m.handleTicket({ user: 'cust_fiona', message: DEMO_MESSAGE });
      expect(o.memory_unavailable).toBe(true);
      expect(o.tools_executed).toContain('create_escalation_ticket');
      expect(o.tools_executed).not.toContain('store_support_outcome_memory');
      expect(o.handoff_brief).toMatch(/memory was unavailable/i);
      const ops = await m.operationLog.read({ ticketId: o.ticket_id });
      expect(ops.some((x) => x.kind === 'memory_unavailable')).toBe(true);
    } finally {
      await m.cleanup();
    }
  });

  it('a write-back that fails stays in the outbox and is written when memory is back', async () => {
    const m = await testMemdesk(platformEnv());
    try {
      await m.seed(m.demoSeed(), {});
      mem0.fail({ status: 503, times: 50, path: /memories\/add/ });
      const o = await m.handleTicket({ user: 'cust_ben', message: DEMO_MESSAGE });
      const wb = o.tool_calls.find((c) => c.name === 'store_support_outcome_memory');
      expect(wb).toMatchObject({ status: 'executed', result: { status: 'pending' } });
      expect(await m.writebacks.pending()).toHaveLength(1);

      mem0.recover();
      // due immediately in the test: the clock is pinned, so move the due time by draining later
      const pending = await m.writebacks.pending();
      await m.writebacks.defer(pending[0]!.outbox_id, 'test: due now', '2000-01-01T00:00:00Z');
      expect(await m.drainWritebacks()).toEqual({ written: 1, pending: 0 });
      const stored = await m.memory.list({ kind: 'customer', id: 'cust_ben' });
      expect(stored.map((s) => s.memory).join('\n')).toContain(o.ticket_id);
    } finally {
      await m.cleanup();
    }
  });
});

describe('write-backs on Mem0', () => {
  it("a ticket's write-back is one add and its event, without reading the customer's memories around it", async () => {
    const m = await testMemdesk(platformEnv());
    try {
      await m.seed(m.demoSeed(), {});
      const before = mem0.requests.length;
      const o = await m.handleTicket({ user: 'cust_ben', message: DEMO_MESSAGE });
      expect(o.tool_calls.find((c) => c.name === 'store_support_outcome_memory')).toMatchObject({ status: 'executed', result: { status: 'done' } });
      const sent = mem0.requests.slice(before).map((r) => `${r.method} ${r.path.replace(/\/v1\/event\/[^/]+\//, '/v1/event/{id}/')}`);
      expect(sent.filter((r) => r === 'POST /v3/memories/add/')).toHaveLength(1);
      expect(sent.filter((r) => r === 'GET /v1/event/{id}/')).toHaveLength(1);
      expect(sent).not.toContain('POST /v3/memories/');
      const [stored] = (await m.memory.list({ kind: 'customer', id: 'cust_ben' })).filter((s) => s.memory.includes(o.ticket_id));
      expect((await m.writebacks.get(String(stored!.metadata.outbox_id)))?.memory_id).toBe(stored!.id);
    } finally {
      await m.cleanup();
    }
  });
});

describe('a killed process', () => {
  it('loses no write-back: the next start replays the outbox', { timeout: 150_000 }, async () => {
    const env = { ...testEnv(platformEnv()), MEM0_TELEMETRY: 'false' };
    await memdeskStdout(['seed'], env);
    // Memory goes down for adds; the ask records its write-back in the outbox.
    mem0.fail({ status: 503, times: 1000, path: /memories\/add/ });
    const outcome = JSON.parse(await memdeskStdout(['ask', '--user', 'cust_ben', '--json', DEMO_MESSAGE], env));
    expect(outcome.tool_calls.find((c: { name: string }) => c.name === 'store_support_outcome_memory').result.status).toBe('pending');

    // Now adds hang: kill the process while its write-back is recorded but not yet confirmed.
    mem0.recover();
    // Held far longer than the wait below, so the write-back stays in flight however slowly a loaded
    // machine starts the process.
    mem0.fail({ delayMs: 120_000, times: 1000, path: /memories\/add/ });
    const killed = spawn('node', ['bin/memdesk.js', 'ask', '--user', 'cust_elena', DEMO_MESSAGE], { env });
    let hasExited = false;
    const exited = new Promise((resolve) => {
      killed.on('exit', (code) => {
        hasExited = true;
        resolve(code);
      });
    });
    const db = join(env.MEMDESK_DATA_DIR, 'records.db');
    // Wait for the condition, not for a fixed window: until the write-back is recorded, the process
    // exits on its own (a failure the assertions below name), or a generous overall limit passes.
    const giveUpAt = Date.now() + 60_000;
    let inFlight: { outbox_id: string } | undefined;
    while (!inFlight && !hasExited && Date.now() < giveUpAt) {
      await new Promise((r) => setTimeout(r, 20));
      if (!existsSync(db)) continue;
      const conn = new Database(db, { readonly: true, fileMustExist: true });
      try {
        inFlight = conn.prepare("SELECT outbox_id FROM writeback_outbox WHERE status = 'pending' AND attempts = 0").get() as { outbox_id: string } | undefined;
      } catch {
        // table not created yet
      } finally {
        conn.close();
      }
    }
    expect(hasExited, 'the process ended before its write-back was in flight').toBe(false);
    expect(inFlight).toBeDefined();
    killed.kill('SIGKILL');
    await exited;

    // Memory is back: the next start (any command) replays what was pending; `tickets` shows none left.
    mem0.recover();
    const later = { ...env, MEMDESK_NOW: '2026-11-25T12:00:00Z' };
    const shown = await runMemdesk(['tickets', '--json'], later);
    const tickets: { ticket_id: string; pending_writebacks: number }[] = JSON.parse(shown.stdout);
    expect(tickets.filter((t) => t.pending_writebacks > 0).map((t) => t.ticket_id), `still pending after the replay; the command logged:\n${shown.stderr}`).toEqual([]);
    const listed = JSON.parse(await memdeskStdout(['memory', 'list', '--customer', 'cust_ben', '--json'], later));
    expect(listed.map((m: { memory: string }) => m.memory).join('\n')).toContain(outcome.ticket_id);
    const elena = JSON.parse(await memdeskStdout(['memory', 'list', '--customer', 'cust_elena', '--json'], later));
    expect(elena).toHaveLength(1);
    expect(elena[0].metadata.outbox_id).toBe(inFlight!.outbox_id);
  });
});
