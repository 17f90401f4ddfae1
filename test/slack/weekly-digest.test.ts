// The weekly digest through the running Slack app: at DIGEST_CRON's moment it appears once in the
// escalation channel however many instances tick that period, a restart does not post it again,
// `/memory digest` posts one now for staff and refuses a customer. On SQLite (one instance, the
// zero-setup default: two ticks at once, then a restart on the same data folder) and on PostgreSQL
// (two instances on one schema).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RecordedCall } from '../support/slack-api-server.js';
import { DEMO_MESSAGE } from '../support/memdesk-env.js';
import { databaseUrlOn, requirePostgres } from '../support/postgres.js';
import { escalationChannel, nextTs, startSlackHarness, supportChannel, turnDone, users, waitFor, type SlackHarness } from './harness.js';
import { messageEvent, slashCommandBody } from './samples.js';

const MINUTE = 60_000;
const effectKey = (c: RecordedCall) => ((c.args.metadata as { event_payload?: { effect_key?: string } } | undefined)?.event_payload?.effect_key ?? '');
const isDigest = (c: RecordedCall) => c.method === 'chat.postMessage' && c.result === 'ok' && effectKey(c).startsWith('digest:');
// 2026-11-30 is a Monday: an hour before the default schedule (Monday 09:00 UTC).
const MONDAY_EARLY = '2026-11-30T08:00:00Z';

function digestSuite(name: string, instances: 1 | 2, storage: () => { env: Record<string, string>; cleanup(): void }) {
  describe(name, () => {
    const { env, cleanup } = storage();
    const running: SlackHarness[] = [];
    const everyPost: RecordedCall[][] = [];
    const start = async (now: string) => {
      const h = await startSlackHarness({ env: { ...env, MEMDESK_NOW: now } });
      running.push(h);
      everyPost.push(h.api.calls);
      return h;
    };
    const digests = () => everyPost.flat().filter(isDigest);
    afterAll(async () => {
      for (const h of running) await h.close();
      cleanup();
    });

    it(`posts once per period across ${instances === 2 ? 'two instances' : 'two ticks at once'} and a restart; /memory digest posts now for staff only`, { timeout: 120_000 }, async () => {
      const a = await start(MONDAY_EARLY);
      const b = instances === 2 ? await start(MONDAY_EARLY) : a;
      await a.memdesk.seed(a.memdesk.demoSeed(), { actor: 'test' });
      const event = messageEvent({ channel: supportChannel, user: users.elena, text: DEMO_MESSAGE });
      await a.send({ json: event });
      await turnDone(a.api, supportChannel, event.event.ts as string);
      // Last Monday's moment is a week old: nobody posts it late.
      expect(await Promise.all([a.slack.scanDigest(), b.slack.scanDigest()])).toEqual([false, false]);

      // 09:05: both instances tick the same period at once; one claim wins.
      for (const h of new Set([a, b])) h.memdesk.clock.advance(65 * MINUTE);
      const claimed = await Promise.all([a.slack.scanDigest(), b.slack.scanDigest()]);
      expect(claimed.filter(Boolean)).toHaveLength(1);
      await Promise.all([a.slack.worker.idle(), b.slack.worker.idle()]);
      await waitFor(() => digests().length === 1, 'the digest post');
      expect(await Promise.all([a.slack.scanDigest(), b.slack.scanDigest()])).toEqual([false, false]);
      await Promise.all([a.slack.worker.idle(), b.slack.worker.idle()]);
      expect(digests()).toHaveLength(1);
      const [digest] = digests();
      expect(digest!.args.channel).toBe(escalationChannel);
      expect(effectKey(digest!)).toBe('digest:2026-11-30T09:00:00.000Z');
      const blocks = JSON.stringify(digest!.args.blocks);
      expect(blocks).toContain('Weekly support digest: 2026-11-23 to 2026-11-30');
      expect(blocks).toContain('*Tickets*\\n1');
      expect(blocks).toContain('acct_globex: 1');
      expect(blocks).toContain('Top knowledge gaps');

      // A restart in the same period finds the claim and posts nothing.
      await a.close();
      running.splice(running.indexOf(a), 1);
      const again = await start('2026-11-30T09:10:00Z');
      expect(await again.slack.scanDigest()).toBe(false);
      await again.slack.worker.idle();
      expect(digests()).toHaveLength(1);

      // Staff ask for it now: posted at once, outside the schedule; a customer is refused.
      const asked = `digest-${nextTs()}`;
      await again.send(slashCommandBody({ command: '/memory', text: 'digest', user: users.dana, channel: supportChannel, responseUrl: `${again.api.responseUrlBase}${asked}` }));
      const reply = await waitFor(() => again.api.calls.find((c) => c.args.response_url_id === asked), 'the /memory digest reply');
      expect(String(reply.args.text)).toBe(`Posted this week's digest in <#${escalationChannel}>.`);
      expect(digests()).toHaveLength(2);
      expect(digests()[1]!.args.channel).toBe(escalationChannel);
      const refused = `digest-${nextTs()}`;
      await again.send(slashCommandBody({ command: '/memory', text: 'digest', user: users.ben, channel: supportChannel, responseUrl: `${again.api.responseUrlBase}${refused}` }));
      const refusal = await waitFor(() => again.api.calls.find((c) => c.args.response_url_id === refused), 'the refusal');
      expect(String(refusal.args.text)).toMatch(/is for the support team only/);
      expect(refusal.args.response_type).toBe('ephemeral');
      expect(digests()).toHaveLength(2);
    });
  });
}

digestSuite('weekly digest, SQLite', 1, () => {
  const dir = mkdtempSync(join(tmpdir(), 'memdesk-digest-'));
  return { env: { MEMDESK_DATA_DIR: dir }, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
});

const db = await requirePostgres();
if (db) {
  const url = databaseUrlOn(db);
  digestSuite('weekly digest, PostgreSQL', 2, () => ({ env: { DATABASE_URL: url }, cleanup: () => {} }));
}
