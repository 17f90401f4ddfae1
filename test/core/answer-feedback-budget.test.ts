// "No, I need a person" reads the plan from memory for the escalation's priority and due time; a memory
// store that never answers must not hold the customer's No: within the turn's memory budget the press is
// recorded and escalated as for a customer whose plan is unknown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAnswerFeedback } from '../../src/core/answer-feedback.js';
import type { MemoryStore } from '../../src/core/ports.js';
import { loadPolicy } from '../../src/core/policy.js';
import { TrainedReader } from '../../src/reader/trained-reader.js';
import { testMemdesk } from '../support/memdesk-env.js';

let m: Awaited<ReturnType<typeof testMemdesk>>;
beforeAll(async () => {
  m = await testMemdesk();
  await m.seed(m.demoSeed(), {});
});
afterAll(async () => {
  await m?.cleanup();
});

describe('a No pressed while the memory store hangs', () => {
  it('is recorded and escalated at the unknown plan default priority instead of waiting on memory', async () => {
    const answered = await m.handleTicket({ user: 'U0FIONA', message: 'How do I export all our projects to CSV?' });
    expect(answered.tools_executed).toContain('answer_customer');
    const hung = { search: () => new Promise<never>(() => {}) } as unknown as MemoryStore;
    const policy = loadPolicy('policy');
    const deps = { tickets: m.tickets, operationLog: m.operationLog, memory: hung, reader: TrainedReader.load(), policy, directory: m.directory, clock: m.clock };
    const pressed = await recordAnswerFeedback(deps, answered.ticket_id, false, { actor: 'U0FIONA' });
    expect(pressed).toMatchObject({ kind: 'recorded', helpful: false, ticket: { status: 'escalated' } });
    if (pressed.kind !== 'recorded') throw new Error('not recorded');
    expect(pressed.escalation?.priority).toBe(policy.rules.plans[policy.rules.unknown_plan]!.default_priority);
    expect(pressed.escalation?.handoff_summary).toContain('Plan: unknown.');
    expect((await m.operationLog.read({ ticketId: answered.ticket_id, kinds: ['answer_feedback'] })).map((e) => e.detail.helpful)).toEqual([false]);
  });
});
