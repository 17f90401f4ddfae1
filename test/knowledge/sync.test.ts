// Sync by content hash on the embedded knowledge base: only what changed is re-indexed, a removed
// file leaves the index, and a new process finds the stored index without re-indexing anything.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEmbeddedKnowledgeBase } from '../../src/knowledge/embedded.js';
import { syncKnowledgeDir } from '../../src/knowledge/open-knowledge-base.js';

describe('kb sync (embedded)', () => {
  it('re-indexes only added, changed and removed articles, and keeps the index across restarts', async () => {
    const knowledgeDir = mkdtempSync(join(tmpdir(), 'memdesk-kb-dir-'));
    const dataDir = mkdtempSync(join(tmpdir(), 'memdesk-kb-data-'));
    cpSync('knowledge', knowledgeDir, { recursive: true });

    const kb = createEmbeddedKnowledgeBase({ dataDir });
    const first = await syncKnowledgeDir(kb, knowledgeDir);
    expect(first.added).toHaveLength(36);
    expect(await syncKnowledgeDir(kb, knowledgeDir)).toEqual({ added: [], updated: [], removed: [], unchanged: 36 });

    const webhooks = join(knowledgeDir, 'developers', 'webhooks.md');
    writeFileSync(webhooks, readFileSync(webhooks, 'utf8').replace('## Rotate the signing secret', '## Replay a failed delivery\n\nOpen Deliveries and click Resend on the zebra-striped row.\n\n## Rotate the signing secret'));
    rmSync(join(knowledgeDir, 'integrations', 'zapier.md'));
    writeFileSync(join(knowledgeDir, 'integrations', 'teams.md'), '---\ntitle: Connect Cobalt to Microsoft Teams\nurl: https://help.cobalt.example/integrations/teams\ntags: [teams]\nupdated: 2026-11-01\n---\n# Connect Cobalt to Microsoft Teams\n\nInstall the Cobalt app from the Teams store.\n');
    expect(await syncKnowledgeDir(kb, knowledgeDir)).toEqual({ added: ['integrations/teams'], updated: ['developers/webhooks'], removed: ['integrations/zapier'], unchanged: 34 });

    const [replay] = await kb.search('resend the zebra-striped delivery');
    expect(replay).toMatchObject({ article_id: 'developers/webhooks', heading: 'Replay a failed delivery' });
    expect((await kb.search('zapier zap', { limit: 10 })).map((p) => p.article_id)).not.toContain('integrations/zapier');
    await kb.close();

    const reopened = createEmbeddedKnowledgeBase({ dataDir });
    expect((await reopened.search('resend the zebra-striped delivery'))[0]?.article_id).toBe('developers/webhooks');
    expect(await syncKnowledgeDir(reopened, knowledgeDir)).toEqual({ added: [], updated: [], removed: [], unchanged: 36 });
    await reopened.close();
  });
});
