// The KnowledgeBase on the real PostgreSQL server: the GIN-indexed tsvector finds the right article,
// internal articles stay out of customer searches, and sync rewrites only what changed.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readKnowledgeDir } from '../../src/knowledge/knowledge-dir.js';
import { createEmbeddedKnowledgeBase } from '../../src/knowledge/embedded.js';
import type { KnowledgeBase } from '../../src/knowledge/knowledge-base.js';
import { createPostgresKnowledgeBase } from '../../src/knowledge/postgres.js';
import { requirePostgres } from '../support/postgres.js';
import { KNOWLEDGE_TERMS_VERSION } from '../../src/knowledge/analyzer.js';
import { dropSchemaStatement } from '../../src/sql/migrate.js';

const db = await requirePostgres();

describe.skipIf(!db)('PostgreSQL knowledge base', () => {
  const { url, schema, query } = db ?? { url: '', schema: '', query: async () => ({ rows: [] }) };

  it('re-indexes every article when the analyzer gives other terms, and leaves terms a newer release wrote', async () => {
    // A schema of its own, so the other tests' articles and syncs stay out of it.
    const own = `${schema}_terms`;
    const restarted = async () => {
      const kb = await createPostgresKnowledgeBase({ url, schema: own });
      try {
        return await kb.sync(readKnowledgeDir('knowledge'));
      } finally {
        await kb.close();
      }
    };
    const storedAs = (version: number) =>
      query(`UPDATE ${own}.kb_articles SET tsv = 'stale'::tsvector WHERE id = 'developers/webhooks'; UPDATE ${own}.kb_meta SET terms = ${version}`);
    const webhookTerms = async () => (await query(`SELECT tsv::text AS tsv FROM ${own}.kb_articles WHERE id = 'developers/webhooks'`)).rows[0]?.tsv as string;
    try {
      expect((await restarted()).added).toHaveLength(36);
      // Terms an older analyzer wrote: the next start re-indexes all 36 articles, though no file changed.
      await storedAs(KNOWLEDGE_TERMS_VERSION - 1);
      const resynced = await restarted();
      expect(resynced).toMatchObject({ added: [], removed: [], unchanged: 0 });
      expect(resynced.updated).toHaveLength(36);
      expect(await webhookTerms()).not.toBe("'stale'");
      expect(await webhookTerms()).toContain("'webhook'");
      // Terms a newer release wrote, mid rolling deploy: left as they are.
      await storedAs(KNOWLEDGE_TERMS_VERSION + 1);
      expect(await restarted()).toMatchObject({ updated: [], unchanged: 36 });
      expect(await webhookTerms()).toBe("'stale'");
    } finally {
      await query(dropSchemaStatement(own));
    }
  });

  it('searches articles with a GIN index, by audience, and syncs only what changed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'memdesk-kb-pg-'));
    cpSync('knowledge', dir, { recursive: true });
    const kb = await createPostgresKnowledgeBase({ url, schema });
    try {
      expect((await kb.sync(readKnowledgeDir(dir))).added).toHaveLength(36);
      // The question's terms find articles through the GIN index; their passages are read by article id.
      const indexes = await query(`SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename = 'kb_articles'`, [schema]);
      expect(indexes.rows.map((r) => r.indexdef).join('\n')).toMatch(/USING gin \(tsv\)/);

      const [top] = await kb.search('how do I download my invoices as PDF');
      expect(top).toMatchObject({ article_id: 'billing/download-invoices', url: 'https://help.cobalt.example/billing/download-invoices', audience: 'customer' });
      expect(top!.score).toBeGreaterThan(0);
      expect((await kb.search('Rechnung herunterladen'))[0]?.article_id).toBe('billing/download-invoices');

      const question = 'refund approval limit chargeback';
      expect((await kb.search(question, { limit: 10 })).every((p) => p.audience === 'customer')).toBe(true);
      expect((await kb.search(question, { limit: 10, audience: 'all' })).map((p) => p.article_id)).toContain('internal/billing-escalations');
      // An article by id, as a brief names the runbook the policy lists whatever the message's words.
      expect(await kb.article('internal/incident-runbook')).toEqual({
        article_id: 'internal/incident-runbook',
        title: 'Internal: incident response runbook for support',
        url: 'https://help.cobalt.example/internal/incident-runbook',
        audience: 'internal',
      });
      expect(await kb.article('internal/no-such-runbook')).toBeUndefined();

      const before = await query(`SELECT id, updated_at FROM kb_articles ORDER BY id`);
      const webhooks = join(dir, 'developers', 'webhooks.md');
      writeFileSync(webhooks, readFileSync(webhooks, 'utf8').replace('## Rotate the signing secret', '## Replay a failed delivery\n\nClick Resend on the zebra-striped row.\n\n## Rotate the signing secret'));
      rmSync(join(dir, 'integrations', 'zapier.md'));
      expect(await kb.sync(readKnowledgeDir(dir))).toEqual({ added: [], updated: ['developers/webhooks'], removed: ['integrations/zapier'], unchanged: 34 });
      const after = await query(`SELECT id, updated_at FROM kb_articles ORDER BY id`);
      const changed = after.rows.filter((r) => {
        const old = before.rows.find((b) => b.id === r.id);
        return !old || old.updated_at.getTime() !== r.updated_at.getTime();
      });
      expect(changed.map((r) => r.id)).toEqual(['developers/webhooks']);
      expect((await kb.search('zebra-striped'))[0]).toMatchObject({ article_id: 'developers/webhooks', heading: 'Replay a failed delivery' });
      expect((await query(`SELECT count(*)::int AS n FROM kb_passages WHERE article_id = 'integrations/zapier'`)).rows[0].n).toBe(0);
    } finally {
      await kb.close();
    }
  });

  it('offers the sections that answer, as the embedded index does: the invite steps for an invite question, not the removal ones', async () => {
    const kb = await createPostgresKnowledgeBase({ url, schema });
    const embedded = createEmbeddedKnowledgeBase();
    try {
      const articles = readKnowledgeDir('knowledge');
      await kb.sync(articles);
      await embedded.sync(articles);
      const sections = async (engine: KnowledgeBase, question: string) =>
        (await engine.search(question)).filter((p) => p.article_id === 'admin/invite-and-remove-members').map((p) => p.heading);
      // Before, the answer quoted "With SCIM" beside the invite steps here, and for longer phrasings
      // "Remove a member permanently" and the introduction without them.
      expect(await sections(kb, 'how can I add a new team member')).toEqual(['Invite people']);
      expect(await sections(kb, 'I need to add a team member to the workspace')).toContain('Invite people');
      expect(await sections(kb, 'How do I remove a member from our workspace?')).toEqual(['Remove a member permanently']);
      // "where" is the only word that tells the refund status apart from what is refunded: it comes first.
      const refund = async (engine: KnowledgeBase, question: string) =>
        (await engine.search(question)).filter((p) => p.article_id === 'billing/refunds-and-credits').map((p) => p.heading)[0];
      expect(await refund(kb, 'where is my refund?')).toBe('Where is my refund?');
      expect(await refund(embedded, 'where is my refund?')).toBe('Where is my refund?');
      // The words held only inside one phrase ("order" in "purchase order") are counted from the articles in both.
      const phrases = ['how do I see the ETA of order 00004587345', 'where do I put our purchase order number on the invoice', "what's my credit balance", 'I want to check my loan balance'];
      for (const question of ['how can I add a new team member', 'I need to add a team member to the workspace', 'How do I remove a member from our workspace?', 'how do I download my invoices as PDF', 'where is my refund?', ...phrases]) {
        expect(await kb.search(question)).toEqual(await embedded.search(question));
      }
    } finally {
      await kb.close();
      await embedded.close();
    }
  });

  it('answers searches asked together as it answers each alone, and sees words another instance synced', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'memdesk-kb-pg-'));
    cpSync('knowledge', dir, { recursive: true });
    const first = await createPostgresKnowledgeBase({ url, schema });
    const second = await createPostgresKnowledgeBase({ url, schema });
    try {
      await first.sync(readKnowledgeDir(dir));
      // A turn asks one question of the customer and the internal articles side by side: asked
      // together, the searches of one question share its terms' rows, and each still gets its own audience.
      const asks = [
        ['how do I download my invoices as PDF', { limit: 5 }],
        ['refund approval limit chargeback', { limit: 2, audience: 'internal' }],
        ['xyzzy plugh', { limit: 5 }],
        ['Rechnung herunterladen', { limit: 3, audience: 'all' }],
        ['refund approval limit chargeback', { limit: 5, audience: 'customer' }],
        ['refund approval limit chargeback', { limit: 10, audience: 'all' }],
        ['how do I download my invoices as PDF', { limit: 2, audience: 'internal' }],
        ['xyzzy plugh', { limit: 2, audience: 'internal' }],
      ] as const;
      const alone = [];
      for (const [q, o] of asks) alone.push(await first.search(q, o));
      const together = await Promise.all(asks.map(([q, o]) => first.search(q, o)));
      expect(together).toEqual(alone);
      expect(alone[0]![0]?.article_id).toBe('billing/download-invoices');
      expect(alone[1]!.length).toBeGreaterThan(0);
      expect(alone[1]!.every((p) => p.audience === 'internal')).toBe(true);
      expect(alone[2]).toEqual([]);
      expect(alone[4]!.length).toBeGreaterThan(0);
      expect(alone[4]!.every((p) => p.audience === 'customer')).toBe(true);
      expect(new Set(alone[5]!.map((p) => p.audience))).toEqual(new Set(['customer', 'internal']));

      // The first instance has read the help center's words; a word only the second instance's sync adds
      // (and its typo) must still find its article there.
      expect(await first.search('wombat')).toEqual([]);
      expect((await first.search('rotate the webhook signing secret'))[0]?.article_id).toBe('developers/webhooks');
      // An article's link as a brief names it, asked twice (the second answer is kept by the first instance).
      for (let i = 0; i < 2; i++) expect((await first.article('developers/webhooks'))?.title).toBe('Set up webhooks and verify their signatures');
      const webhooks = join(dir, 'developers', 'webhooks.md');
      writeFileSync(
        webhooks,
        readFileSync(webhooks, 'utf8')
          .replace('title: Set up webhooks and verify their signatures', 'title: Set up webhooks, wombats included')
          .replace('## Rotate the signing secret', '## Wombat deliveries\n\nWombat mode resends every delivery.\n\n## Rotate the signing secret'),
      );
      await second.sync(readKnowledgeDir(dir));
      expect((await first.search('wombat'))[0]).toMatchObject({ article_id: 'developers/webhooks', heading: 'Wombat deliveries' });
      // Once a search has learned of the other instance's sync, the link kept before it is not given again.
      expect((await first.article('developers/webhooks'))?.title).toBe('Set up webhooks, wombats included');
      expect((await first.search('wombatt'))[0]?.article_id).toBe('developers/webhooks');
      // What the first instance read before the sync does not linger: it answers as a fresh one does.
      const fresh = await createPostgresKnowledgeBase({ url, schema });
      try {
        for (const q of ['wombat resends', 'rotate the webhook signing secret wombat']) expect(await first.search(q)).toEqual(await fresh.search(q));
      } finally {
        await fresh.close();
      }
    } finally {
      await first.close();
      await second.close();
    }
  });
});
