// The gap loop with Gemini configured (the local Gemini test server, over loopback): a resolved
// question no article covered gets a draft article written by the model from the staff resolution,
// marked as a model draft; the model sees the resolution without the customer's email address, is
// asked once per gap (later lists show the same draft), and accepting writes the model's article.
// When the model fails, the gap keeps its extractive draft.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kbAcceptCommand, kbGapsCommand } from '../../src/cli/kb-gaps.js';
import { compose } from '../../src/compose.js';
import { loadConfig } from '../../src/config.js';
import type { KnowledgeGap } from '../../src/core/knowledge.js';
import { jsonResponse, startGeminiServer, type GeminiServer } from '../support/gemini-server.js';
import { testEnv } from '../support/memdesk-env.js';

const knowledgeDir = mkdtempSync(join(tmpdir(), 'memdesk-cli-gaps-model-'));
cpSync('knowledge', knowledgeDir, { recursive: true });
const offline = testEnv({ KNOWLEDGE_DIR: knowledgeDir });
let server: GeminiServer;
let withGemini: NodeJS.ProcessEnv;
beforeAll(async () => {
  server = await startGeminiServer();
  withGemini = { ...offline, DECIDER: 'gemini', GEMINI_API_KEY: 'test-key', GEMINI_MODEL: 'gemini-test', GEMINI_BASE_URL: server.baseUrl };
});
afterAll(async () => {
  await server.close();
  rmSync(knowledgeDir, { recursive: true, force: true });
  rmSync(offline.MEMDESK_DATA_DIR, { recursive: true, force: true });
});

function capture() {
  const lines: string[] = [];
  return { io: { out: (t: string) => void lines.push(t), err: (t: string) => void lines.push(t) }, text: () => lines.join('\n') };
}

async function gaps(env: NodeJS.ProcessEnv): Promise<KnowledgeGap[]> {
  const out = capture();
  await kbGapsCommand({ json: true }, out.io, env);
  return (JSON.parse(out.text()) as { gaps: KnowledgeGap[] }).gaps;
}

/** Offline, Ben's how-to that no article covers goes to a person, and Dana resolves it with `note`: a gap. */
async function resolvedByStaff(question: string, note: string) {
  const memdesk = await compose(loadConfig(offline), { logger: pino({ level: 'silent' }) });
  const o = await memdesk.handleTicket({ user: 'U0BEN', message: question });
  expect(o.tools_executed).toContain('create_escalation_ticket');
  await memdesk.updateTicketStatus(o.ticket_id, 'resolved', { actor: 'U0DANA', note });
  await memdesk.close();
  return o;
}

describe('kb gaps with a model configured', () => {
  let gapId: string;

  it('has the model write the draft from the staff resolution, once, marked as a model draft', async () => {
    const o = await resolvedByStaff('How do I pin a project to the top of the sidebar?', 'Told ben@acme.example: open the project, click More and choose Pin to sidebar. Pins are per person.');
    gapId = `gap_${o.ticket_id}`;

    // Offline the draft is extractive.
    expect((await gaps(offline))[0]).toMatchObject({ gap_id: gapId, draft: { written_by: 'extractive' } });

    server.reply({
      body: jsonResponse({
        title: 'Pin a project to the top of your sidebar',
        body: 'Pinned projects stay at the top of your own sidebar.\n\n## Steps\n\n1. Open the project.\n2. Click **More**.\n3. Choose **Pin to sidebar**.',
      }),
    });
    const [gap] = await gaps(withGemini);
    expect(gap).toMatchObject({ gap_id: gapId, status: 'open', draft: { written_by: 'model', model: 'gemini-test', title: 'Pin a project to the top of your sidebar' } });
    expect(gap!.draft.text).toContain('3. Choose **Pin to sidebar**.');
    expect(gap!.draft.text).toMatch(/^title: Pin a project to the top of your sidebar$/m);
    expect(server.requests).toHaveLength(1);
    const sent = JSON.stringify(server.requests[0]!.body);
    expect(sent).toContain('choose Pin to sidebar');
    expect(sent).not.toContain('ben@acme.example');

    // The human list says it is the model's draft; a second list asks the model nothing.
    const human = capture();
    await kbGapsCommand({}, human.io, withGemini);
    expect(human.text()).toContain('model draft');
    expect(server.requests).toHaveLength(1);
  });

  it('accepts the model draft into KNOWLEDGE_DIR', async () => {
    const out = capture();
    await kbAcceptCommand(gapId, { json: true }, out.io, withGemini);
    const accepted = JSON.parse(out.text()) as { article_id: string; file: string };
    expect(accepted.article_id).toMatch(/pin-a-project-to-the-top-of-your-sidebar$/);
    expect(readFileSync(accepted.file, 'utf8')).toContain('2. Click **More**.');
  });

  it('keeps the extractive draft when the model fails', async () => {
    const o = await resolvedByStaff('How do I set up a task that repeats every Monday?', 'Open the task menu and choose Repeat, then pick Weekly on Monday.');
    const before = server.requests.length;
    // No scripted reply: the test server answers 418, which is never retried.
    const gap = (await gaps(withGemini)).find((g) => g.gap_id === `gap_${o.ticket_id}`);
    expect(server.requests.length).toBe(before + 1);
    expect(gap).toMatchObject({ status: 'open', draft: { written_by: 'extractive' } });
    expect(gap!.draft.text).toContain('Open the task menu and choose Repeat, then pick Weekly on Monday.');
  });

  it('gives up on a slow model after MODEL_TIMEOUT_MS and keeps the extractive draft', async () => {
    const o = await resolvedByStaff('How do I print a board on A3 paper?', 'Open the board, choose Export, pick PDF and set the page size to A3 before printing.');
    // The model would answer after 20 s, longer than this test may run; MODEL_TIMEOUT_MS cuts the wait at 300 ms.
    server.reply({ delayMs: 20_000, body: jsonResponse({ title: 'Print a board on A3', body: 'Export the board as PDF at A3 size, then print it.' }) });
    const gap = (await gaps({ ...withGemini, MODEL_TIMEOUT_MS: '300' })).find((g) => g.gap_id === `gap_${o.ticket_id}`);
    expect(gap).toMatchObject({ status: 'open', draft: { written_by: 'extractive' } });
    expect(gap!.draft.text).toContain('set the page size to A3');
  });
});
