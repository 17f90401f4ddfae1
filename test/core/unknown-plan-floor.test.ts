// A model decider and the unknown-plan floor (policy/rules.yml unknown_plan_floor): the policy text it reads says an
// outage from a sender with no plan on record goes at high or above, and the server refuses its escalation below
// that, as it refuses one above the plan's cap. The real `openai` SDK against a local OpenAI-compatible server.
import { afterEach, describe, expect, it } from 'vitest';
import type { Memdesk } from '../../src/memdesk.js';
import { jsonCompletion, startOpenAIServer, toolCallsCompletion, type OpenAIServer } from '../support/openai-server.js';
import { testMemdesk } from '../support/memdesk-env.js';
import { benUrgentFinal } from '../support/decider-fixtures.js';

let server: OpenAIServer | undefined;
let m: (Memdesk & { dataDir: string; cleanup(): Promise<void> }) | undefined;
afterEach(async () => {
  await m?.cleanup();
  await server?.close();
  m = undefined;
  server = undefined;
});

const outage = 'Production is down for everyone on our team since this morning, nothing loads.';
const escalation = (priority: string) => ({
  name: 'create_escalation_ticket',
  args: { customer_id: 'cust_fiona', account_id: 'acct_fiona_studio', priority, reason: 'outage', summary: 'Production down', handoff_summary: 'Fiona Studio: production down for everyone.' },
});
const outageFinal = () =>
  jsonCompletion(
    benUrgentFinal({
      customer_response: "Thanks, Fiona. I've passed this to our engineering team.",
      issue_type: 'outage',
      severity: { production_blocked: true, many_users: true, data_loss: false, security: false },
    }),
  );

describe('an outage from a sender with no plan on record, decided by a model', () => {
  it('the policy text it reads says high; an escalation at medium (the unknown plan’s cap) is refused', async () => {
    server = await startOpenAIServer();
    m = await testMemdesk({ DECIDER: 'openai', OPENAI_BASE_URL: server.baseUrl, OPENAI_MODEL: 'qwen3:8b' });
    server.reply({ body: toolCallsCompletion([escalation('medium')]) });
    const o = await m.handleTicket({ user: 'cust_fiona', message: outage });
    const system = String(server.requests[0]!.body.messages.find((x: { role: string }) => x.role === 'system')?.content);
    expect(system).toMatch(/outage or a security incident from them is escalated at \*\*high\*\* or above/);
    expect(o.tool_calls[0]).toMatchObject({ name: 'create_escalation_ticket', status: 'blocked', reason: expect.stringMatching(/outage ticket from a sender with no plan on record is handled at high or above/) });
    // Nothing customer-facing ran: the policy engine takes the turn, at the floor.
    expect(o.ticket.priority).toBe('high');
  });

  it('an escalation at high runs', async () => {
    server = await startOpenAIServer();
    m = await testMemdesk({ DECIDER: 'openai', OPENAI_BASE_URL: server.baseUrl, OPENAI_MODEL: 'qwen3:8b' });
    server.reply({ body: toolCallsCompletion([escalation('high')]) }, { body: outageFinal() });
    const o = await m.handleTicket({ user: 'cust_fiona', message: outage });
    expect(o.tool_calls[0]).toMatchObject({ name: 'create_escalation_ticket', status: 'executed' });
    expect(o.ticket.priority).toBe('high');
  });
});
