// `memdesk kb gaps` and `memdesk kb accept`: a how-to no article covered, resolved by staff with a
// note, is listed under its topic with an extractive draft; accepting it writes the draft into
// KNOWLEDGE_DIR, indexes it, and the next customer asking gets an answer from it.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { kbAcceptCommand, kbGapsCommand } from '../../src/cli/kb-gaps.js';
import { compose } from '../../src/compose.js';
import { loadConfig } from '../../src/config.js';
import { testEnv } from '../support/memdesk-env.js';

const knowledgeDir = mkdtempSync(join(tmpdir(), 'memdesk-cli-gaps-'));
cpSync('knowledge', knowledgeDir, { recursive: true });
const env = testEnv({ KNOWLEDGE_DIR: knowledgeDir });
afterAll(() => {
  rmSync(knowledgeDir, { recursive: true, force: true });
  rmSync(env.MEMDESK_DATA_DIR, { recursive: true, force: true });
});

function capture() {
  const lines: string[] = [];
  return { io: { out: (t: string) => void lines.push(t), err: (t: string) => void lines.push(t) }, text: () => lines.join('\n') };
}

describe('memdesk kb gaps / kb accept', () => {
  let ticketId: string;

  it('lists a resolved question no article covered, by topic, with a draft from the staff note', async () => {
    const memdesk = await compose(loadConfig(env), { logger: pino({ level: 'silent' }) });
    const o = await memdesk.handleTicket({ user: 'U0BEN', message: 'How do I pin a project to the top of the sidebar?' });
    ticketId = o.ticket_id;
    expect(o.tools_executed).toContain('create_escalation_ticket');
    await memdesk.updateTicketStatus(ticketId, 'resolved', { actor: 'U0DANA', note: 'Pinning is in the project menu. Open the project, click the More menu and choose Pin to sidebar. Pinned projects stay at the top for you only.' });
    await memdesk.close();

    const human = capture();
    await kbGapsCommand({}, human.io, env);
    expect(human.text()).toContain(`gap_${ticketId}`);
    expect(human.text()).toContain('no article');
    const json = capture();
    const gaps = await kbGapsCommand({ json: true }, json.io, env);
    expect(JSON.parse(json.text())).toEqual({ gaps });
    expect(gaps).toHaveLength(1);
    expect(gaps[0]).toMatchObject({ gap_id: `gap_${ticketId}`, reason: 'no_article', status: 'open', draft: { title: 'How do I pin a project to the top of the sidebar', written_by: 'extractive' } });
    expect(gaps[0]!.draft.text).toContain('1. Open the project, click the More menu and choose Pin to sidebar.');
  });

  it('accepts the draft into KNOWLEDGE_DIR, and memdesk answers the next question from it', async () => {
    const out = capture();
    await kbAcceptCommand(`gap_${ticketId}`, { json: true }, out.io, env);
    const accepted = JSON.parse(out.text()) as { article_id: string; file: string; already: boolean };
    expect(accepted.file.startsWith(knowledgeDir)).toBe(true);
    expect(readFileSync(accepted.file, 'utf8')).toContain('Pinned projects stay at the top for you only.');
    const again = capture();
    await kbAcceptCommand(`gap_${ticketId}`, {}, again.io, env);
    expect(again.text()).toContain('was already accepted');
    const open = capture();
    expect(await kbGapsCommand({ json: true }, open.io, env)).toEqual([]);

    const memdesk = await compose(loadConfig(env), { logger: pino({ level: 'silent' }) });
    const o = await memdesk.handleTicket({ user: 'U0AVA', message: 'How can I pin a project to the top of my sidebar?' });
    await memdesk.close();
    expect(o.tool_calls.find((c) => c.name === 'answer_customer')).toMatchObject({ status: 'executed', args: { sources: [accepted.article_id] } });
    expect(o.customer_response).toContain('Open the project, click the More menu and choose Pin to sidebar.');
  });
});
