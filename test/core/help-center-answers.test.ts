// Answers from the help center through the real loop (compose + handleTicket, the shipped articles):
// a how-to is answered with the best article's steps and link; an answer citing an article that was
// not retrieved, or citing none, is blocked and logged and the policy engine answers instead; a
// question no article covers goes to a person; internal articles reach the brief only; a help-center
// outage degrades like a memory outage.
import { afterEach, describe, expect, it } from 'vitest';
import type { Decider, ProposedCall } from '../../src/core/ports.js';
import type { Memdesk } from '../../src/memdesk.js';
import { testMemdesk } from '../support/memdesk-env.js';
import { loadKnowledgeRules } from '../../src/knowledge/knowledge-rules.js';

function scriptedDecider(calls: ProposedCall[], reply = 'Here you go.'): Decider {
  return {
    name: 'gemini',
    async propose() {
      return { calls };
    },
    async conclude(_packet, _proposal, outcomes) {
      return { customer_response: reply, decision_summary: 'scripted', handoff_brief: '', mem0_value: 'none', tools_executed: outcomes.map((o) => o.name) };
    },
  };
}

let open: (Memdesk & { cleanup(): Promise<void> })[] = [];
afterEach(async () => {
  await Promise.all(open.map((m) => m.cleanup()));
  open = [];
});
async function memdeskWith(opts: { decider?: Decider } = {}) {
  const m = await testMemdesk({}, opts.decider ? { decider: opts.decider } : {});
  open.push(m);
  await m.seed(m.demoSeed(), {});
  return m;
}

describe('answers from the help center', () => {
  it('answers a how-to with the best article, cites it, and ends the reply with its link', async () => {
    const m = await memdeskWith();
    const o = await m.handleTicket({ user: 'U0BEN', message: 'How do I rotate an API key?' });
    const answer = o.tool_calls.find((c) => c.name === 'answer_customer');
    expect(answer).toMatchObject({ status: 'executed', args: { sources: ['developers/api-keys'], resolved: false } });
    expect(o.customer_response).toContain('1. Open the key and click *Rotate*.');
    expect(o.customer_response.endsWith('More in our help center: <https://help.cobalt.example/developers/api-keys|Create, scope and rotate API keys>')).toBe(true);
    expect(o.knowledge[0]).toMatchObject({ article_id: 'developers/api-keys', title: 'Create, scope and rotate API keys', url: 'https://help.cobalt.example/developers/api-keys' });
    expect(o.knowledge.every((k) => !k.article_id.startsWith('internal/'))).toBe(true);
    expect(o.ticket.status).toBe('waiting_on_customer');
    const ops = await m.operationLog.read({ ticketId: o.ticket_id });
    expect(ops.find((op) => op.kind === 'answer_cited')?.detail).toEqual({
      articles: [{ article_id: 'developers/api-keys', title: 'Create, scope and rotate API keys', url: 'https://help.cobalt.example/developers/api-keys' }],
    });
  });

  it('answers a short question without its question mark from the article that covers it, not with "tell me more"', async () => {
    const m = await memdeskWith();
    const o = await m.handleTicket({ user: 'U0FIONA', message: 'how do I remove a team member' });
    expect(o.tool_calls.find((c) => c.status === 'executed' && c.name === 'answer_customer')).toMatchObject({ args: { sources: ['admin/invite-and-remove-members'] } });
    expect(o.tool_calls.some((c) => c.name === 'ask_for_missing_info')).toBe(false);
    expect(o.customer_response).toContain('*Remove a member permanently*');
    expect(o.customer_response).not.toMatch(/tell me a bit more/i);
    expect(o.customer_response).toContain('<https://help.cobalt.example/admin/invite-and-remove-members|');
  });

  it('blocks and logs an answer citing an article that was not retrieved; the policy engine answers from a real one', async () => {
    const m = await memdeskWith({
      decider: scriptedDecider([{ id: 'c1', name: 'answer_customer', args: { answer: 'See our guide.', resolved: true, sources: ['developers/key-rotation-wizard'] } }]),
    });
    const o = await m.handleTicket({ user: 'U0BEN', message: 'How do I rotate an API key?' });
    expect(o.tool_calls[0]).toMatchObject({ name: 'answer_customer', status: 'blocked' });
    expect(o.tool_calls[0]!.reason).toMatch(/not retrieved for this ticket: developers\/key-rotation-wizard/);
    expect(o.decided_by).toBe('gemini+policy (safety net)');
    expect(o.customer_response).not.toContain('key-rotation-wizard');
    expect(o.customer_response).toContain('<https://help.cobalt.example/developers/api-keys|');
    const ops = await m.operationLog.read({ ticketId: o.ticket_id });
    expect(ops.find((op) => op.kind === 'tool_blocked')?.detail).toMatchObject({ name: 'answer_customer' });
  });

  it('blocks a how-to answer that cites nothing, and one citing an internal runbook', async () => {
    const uncited = await memdeskWith({ decider: scriptedDecider([{ id: 'c1', name: 'answer_customer', args: { answer: 'Go to Settings.', resolved: true } }]) });
    const a = await uncited.handleTicket({ user: 'U0BEN', message: 'How do I rotate an API key?' });
    expect(a.tool_calls[0]).toMatchObject({ status: 'blocked', reason: 'how-to answer: the answer cites no help-center article' });
    expect(a.tool_calls.filter((c) => c.status === 'executed' && c.name === 'answer_customer')[0]).toMatchObject({ args: { sources: ['developers/api-keys'] } });

    const internal = await memdeskWith({
      decider: scriptedDecider([{ id: 'c1', name: 'answer_customer', args: { answer: 'Per our runbook…', resolved: true, sources: ['internal/incident-runbook'] } }]),
    });
    const b = await internal.handleTicket({ user: 'U0BEN', message: 'How do I check the status page during an incident?' });
    expect(b.tool_calls[0]).toMatchObject({ status: 'blocked' });
    expect(b.tool_calls[0]!.reason).toMatch(/internal articles a customer must not see: internal\/incident-runbook/);
    expect(b.customer_response).not.toMatch(/runbook|internal/i);
  });

  it('puts internal articles in the handoff brief only', async () => {
    const m = await memdeskWith();
    const o = await m.handleTicket({ user: 'U0ELENA', message: 'The API is down for us and the web app too, is there an incident? Nothing loads.' });
    expect(o.tools_executed).toContain('create_escalation_ticket');
    expect(o.handoff_brief).toContain('Internal articles: Internal: incident response runbook for support (https://help.cobalt.example/internal/incident-runbook)');
    expect(o.customer_response).not.toMatch(/runbook|internal/i);
    expect(o.knowledge.map((k) => k.article_id)).not.toContain('internal/incident-runbook');
  });

  it('hands a how-to no article covers to a person, with the closest article in the brief', async () => {
    const m = await memdeskWith();
    const o = await m.handleTicket({ user: 'U0BEN', message: 'How do I connect my Dropbox folder sync to the calendar widget?' });
    expect(o.tools_executed).toContain('create_escalation_ticket');
    expect(o.tools_executed).not.toContain('answer_customer');
    expect(o.customer_response).toMatch(/^I couldn't find a help-center article that covers this, so I've passed it to our support team\./);
    expect(o.ticket.priority).toBe('medium'); // Northwind is on Pro: its default priority
    const { min_score } = loadKnowledgeRules('policy');
    expect(o.handoff_brief).toContain(`No help-center article covers this (closest: `);
    expect(o.handoff_brief).toMatch(new RegExp(`score 0\\.\\d\\d < ${String(min_score).replace('.', '\\.')}\\)`));
  });

  it('keeps a help-center outage from stopping the ticket: logged, and the how-to goes to a person', async () => {
    const m = await memdeskWith();
    m.knowledge.search = async () => {
      throw new Error('index offline');
    };
    const o = await m.handleTicket({ user: 'U0BEN', message: 'How do I rotate an API key?' });
    expect(o.tools_executed).toContain('create_escalation_ticket');
    expect(o.knowledge).toEqual([]);
    expect(o.handoff_brief).toContain('The help center could not be searched for this ticket.');
    const ops = await m.operationLog.read({ ticketId: o.ticket_id });
    expect(ops.find((op) => op.kind === 'knowledge_unavailable')?.detail).toEqual({ error: 'Error: index offline' });
  });
});
