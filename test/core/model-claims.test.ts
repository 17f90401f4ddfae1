// A model decider may write that it refunded or escalated; the customer must never read a claim no
// tool of the turn records. Through the whole loop with the real SDKs against scripted local servers.
import { afterEach, describe, expect, it } from 'vitest';
import type { Memdesk } from '../../src/memdesk.js';
import { decisionTrace, type TicketTurnTrace } from '../../src/page/decision-trace.js';
import { functionCallResponse, jsonResponse, startGeminiServer, type GeminiServer } from '../support/gemini-server.js';
import { jsonCompletion, startOpenAIServer, toolCallsCompletion, type OpenAIServer } from '../support/openai-server.js';
import { DEMO_MESSAGE, testMemdesk } from '../support/memdesk-env.js';
import { benEscalation, benUrgentFinal } from '../support/decider-fixtures.js';

let servers: (GeminiServer | OpenAIServer)[] = [];
let open: (Memdesk & { cleanup(): Promise<void> })[] = [];
afterEach(async () => {
  await Promise.all(open.map((m) => m.cleanup()));
  await Promise.all(servers.map((s) => s.close()));
  open = [];
  servers = [];
});

async function withGemini() {
  const gemini = await startGeminiServer();
  servers.push(gemini);
  const m = await testMemdesk({ DECIDER: 'gemini', GEMINI_API_KEY: 'test-key', GEMINI_BASE_URL: gemini.baseUrl, GEMINI_MODEL: 'gemini-test' });
  open.push(m);
  await m.seed(m.demoSeed(), {});
  return { gemini, m };
}

async function lastTurn(m: Memdesk, ticketId: string): Promise<TicketTurnTrace> {
  const turns = decisionTrace(await m.operationLog.read({ ticketId }), () => undefined).filter((s): s is TicketTurnTrace => s.kind === 'turn');
  return turns.at(-1)!;
}

const answer = (text: string, sources: string[] = []) => ({ id: 'fc_1', name: 'answer_customer', args: { answer: text, resolved: true, sources } });

describe('a model cannot tell the customer it did what no tool did', () => {
  it('"Refunded!" is blocked: the customer gets the policy engine\'s reply and the trace says why', async () => {
    const { gemini, m } = await withGemini();
    gemini.reply({ body: functionCallResponse([answer("Refunded! You'll see it in 3–5 days.")]) });
    const o = await m.handleTicket({ user: 'cust_ben', message: DEMO_MESSAGE });

    expect(o.tool_calls[0]).toMatchObject({ name: 'answer_customer', status: 'blocked' });
    expect(o.tool_calls[0]!.reason).toMatch(/claims an action memdesk cannot take \("refunded"\)/);
    expect(o.customer_response).not.toMatch(/refunded/i);
    // The policy engine hands Ben's repeat double charge to the billing team instead.
    expect(o.customer_response).toMatch(/^Thanks, Ben\. I've passed this to our billing team\./);
    expect(o.decided_by).toMatch(/policy/);
    expect(o.ticket.status).toBe('escalated');
    const turn = await lastTurn(m, o.ticket_id);
    expect(turn.tool_calls[0]).toMatchObject({ name: 'answer_customer', status: 'blocked', reason: expect.stringMatching(/cannot take/) });
    expect(turn.customer_response).toBe(o.customer_response);
  });

  it('"I\'ve escalated this" with no escalation is blocked; with one it is what the customer reads', async () => {
    const claimed = "Sorry about this, Ben. I've escalated this to our billing team; they'll be in touch today.";
    const first = await withGemini();
    first.gemini.reply({ body: functionCallResponse([answer(claimed)]) });
    const blocked = await first.m.handleTicket({ user: 'cust_ben', message: DEMO_MESSAGE });
    expect(blocked.tool_calls[0]).toMatchObject({ name: 'answer_customer', status: 'blocked' });
    expect(blocked.tool_calls[0]!.reason).toMatch(/no escalation was made/);
    expect(blocked.customer_response).not.toBe(claimed);
    // The handover the model only claimed is made, by the policy engine.
    expect(blocked.tools_executed).toContain('create_escalation_ticket');
    expect(blocked.escalation).not.toBeNull();

    const second = await withGemini();
    second.gemini.reply({ body: functionCallResponse([benEscalation('urgent', 'fc_1')]) }, { body: jsonResponse(benUrgentFinal({ customer_response: claimed })) });
    const escalated = await second.m.handleTicket({ user: 'cust_ben', message: DEMO_MESSAGE });
    expect(escalated.decided_by).toBe('gemini');
    expect(escalated.customer_response).toBe(claimed);
    expect(escalated.tool_calls.every((c) => c.status === 'executed')).toBe(true);
  });

  it("a reply that claims a refund next to a real escalation is blocked; the customer reads the escalation's own reply", async () => {
    const { gemini, m } = await withGemini();
    gemini.reply(
      { body: functionCallResponse([benEscalation('urgent', 'fc_1')]) },
      { body: jsonResponse(benUrgentFinal({ customer_response: "I've refunded the duplicate charge and passed the rest to our billing team." })) },
    );
    const o = await m.handleTicket({ user: 'cust_ben', message: DEMO_MESSAGE });
    expect(o.ticket.status).toBe('escalated');
    expect(o.customer_response).not.toMatch(/refunded/i);
    expect(o.customer_response).toMatch(/^Thanks, Ben\. I've passed this to our billing team\./);
    expect(o.decided_by).toBe('gemini+policy (safety net)');
    const turn = await lastTurn(m, o.ticket_id);
    expect(turn.tool_calls.at(-1)).toMatchObject({ name: 'customer_response', status: 'blocked', reason: expect.stringMatching(/"i've refunded"/) });
    const ops = await m.operationLog.read({ ticketId: o.ticket_id });
    expect(ops.find((x) => x.kind === 'reply_blocked')?.detail).toMatchObject({ decider: 'gemini' });
  });

  it("a question that claims a reset (in German) is blocked as an answer's would be", async () => {
    const { gemini, m } = await withGemini();
    const question = 'Ich habe Ihr Passwort zurückgesetzt. Können Sie mir die Rechnungsnummer schicken?';
    gemini.reply({ body: functionCallResponse([{ id: 'fc_1', name: 'ask_for_missing_info', args: { missing_fields: ['invoice_id'], question } }]) });
    const o = await m.handleTicket({ user: 'cust_ben', message: DEMO_MESSAGE });
    expect(o.tool_calls[0]).toMatchObject({ name: 'ask_for_missing_info', status: 'blocked', reason: expect.stringMatching(/zurückgesetzt/) });
    expect(o.customer_response).not.toContain('zurückgesetzt');
    expect(o.decided_by).toMatch(/policy/);
  });

  it('an instruction how to request a refund is an answer, not a claim', async () => {
    const { gemini, m } = await withGemini();
    const text = 'You can request a refund under Settings > Billing > Invoices: note the invoice number, then contact support from the owner\'s account. Refunds reach your card in 5 to 10 business days.';
    gemini.reply({ body: functionCallResponse([answer(text, ['billing/refunds-and-credits'])]) }, { body: jsonResponse(benUrgentFinal({ customer_response: text, tools_executed: ['answer_customer'] })) });
    const o = await m.handleTicket({ user: 'cust_fiona', message: 'How do I request a refund?' });
    expect(o.tool_calls[0]).toMatchObject({ name: 'answer_customer', status: 'executed' });
    expect(o.decided_by).toBe('gemini');
    expect(o.customer_response).toContain(text);
  });

  it('an OpenAI-compatible model\'s "I have cancelled your subscription" is blocked the same way', async () => {
    const server = await startOpenAIServer();
    servers.push(server);
    const m = await testMemdesk({ DECIDER: 'openai', OPENAI_BASE_URL: server.baseUrl, OPENAI_MODEL: 'qwen3:8b' });
    open.push(m);
    await m.seed(m.demoSeed(), {});
    server.reply({ body: toolCallsCompletion([{ id: 'call_1', name: 'answer_customer', args: { answer: 'I have cancelled your subscription, Ben.', resolved: true } }]) }, { body: jsonCompletion(benUrgentFinal({ customer_response: 'I have cancelled your subscription, Ben.' })) });
    const o = await m.handleTicket({ user: 'cust_ben', message: DEMO_MESSAGE });
    expect(o.tool_calls[0]).toMatchObject({ name: 'answer_customer', status: 'blocked', reason: expect.stringMatching(/"i have cancelled"/) });
    expect(o.customer_response).not.toMatch(/cancelled your subscription/);
    expect(o.decided_by).toMatch(/policy/);
  });
});
