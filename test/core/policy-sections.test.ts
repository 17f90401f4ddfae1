// The policy text a model call carries: the shipped policy without the issue-type bullets a ticket
// is unlikely to need (security always stays), without the rules its memories cannot trigger (promises,
// repeat issues, the CSM, refunds) and without the notes for its editors; a policy written without
// such bullets goes whole.
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../src/core/policy.js';
import type { Assessment } from '../../src/core/assess.js';
import type { MemoryFacts, PriorIssue } from '../../src/core/memory-facts.js';
import type { IssueType } from '../../src/core/tools.js';
import { applicableIssueTypes, applicablePolicy, applicableSections, withoutCallRules } from '../../src/core/policy-sections.js';
import type { Reading } from '../../src/core/reading.js';

const policy = loadPolicy('./policy');

function reading(types: [string, number][]): Reading {
  return {
    issue_type: types[0]![0],
    confidence: types[0]![1],
    issue_types: types.map(([type, confidence]) => ({ type, confidence })),
    severity: { production_blocked: false, many_users: false, data_loss: false, security: false },
    language: 'en',
    fields: {},
    asks_for_human: false,
    says_unsolved: false,
    pleasantry_only: false,
    has_detail: true,
  } as Reading;
}

describe('the policy sent for one ticket', () => {
  it('keeps the billing and security rules of a billing ticket and drops the other issue types', () => {
    const sent = applicablePolicy(policy.text, applicableIssueTypes(reading([['billing', 0.97], ['outage', 0.02]])));
    expect(sent).toContain('- **billing** (double charge');
    expect(sent).toContain('- **security** (account takeover');
    expect(sent).toContain('to do now: reset passwords'); // a continuation line of a kept bullet
    expect(sent).not.toContain('- **feature request**');
    expect(sent).not.toContain('- **cancellation / refund**');
    expect(sent).not.toContain('- **how-to**');
    // Rules that are not about one issue type stay.
    expect(sent).toContain('- **A request for a person**');
    expect(sent).toContain('## Escalation rules');
    expect(sent).toContain('## What never to say to a customer');
    // Notes for the policy's editors are not the model's.
    expect(sent).not.toContain('rules.yml');
    expect(sent.length).toBeLessThan(policy.text.length * 0.9);
  });

  it('keeps every likely type when the reader is unsure, and the type of the ticket being continued', () => {
    const keep = applicableIssueTypes(reading([['access', 0.35], ['outage', 0.35], ['how_to', 0.14], ['other', 0.1]]), 'billing');
    expect([...keep].sort()).toEqual(['access', 'billing', 'follow_up', 'how_to', 'outage', 'security']);
    const sent = applicablePolicy(policy.text, keep);
    expect(sent).toContain('- **outage / bug**');
    expect(sent).toContain('- **access / login**');
    expect(sent).toContain('- **how-to**');
    expect(sent).not.toContain('- **feature request**');
    // A continued ticket gets the rule for follow-ups (an escalated one, an answer that did not help).
    expect(sent).toContain('- **follow-up** (`history` holds');
  });

  it('leaves the rule for follow-ups out of a new ticket', () => {
    const sent = applicablePolicy(policy.text, applicableIssueTypes(reading([['how_to', 0.95]])));
    expect(sent).toContain('- **how-to**');
    expect(sent).not.toContain('**follow-up**');
  });

  it('sends a policy written without issue-type bullets whole', () => {
    const text = '# Support policy\nBilling disputes on Enterprise accounts are high priority with a 4-hour SLA.\n- Always be kind.';
    expect(applicablePolicy(text, new Set(['security']))).toBe(text);
  });

  // What assess() read out of the memories: only the parts the cuts look at.
  const assessed = (types: [string, number][], facts: Partial<MemoryFacts>) =>
    ({ reading: reading(types), issue_type: types[0]![0], known_sender: true, facts: { prior_issues: [], open_promises: [], used: new Set(), ...facts } }) as unknown as Assessment;
  const earlier = (issue_type: IssueType, date: string): PriorIssue => ({ issue_type, date, memory: `On ${date} they reported a ${issue_type} issue.`, memory_id: `mem_${date}` });

  it('leaves out the promise, repeat-issue, CSM and unknown-sender rules when nothing known about the ticket triggers them', () => {
    const sent = applicablePolicy(policy.text, applicableSections(assessed([['how_to', 0.95]], {}), policy.rules));
    expect(sent).not.toContain('**Open promise**');
    expect(sent).not.toContain('**Repeat issue**');
    expect(sent).not.toContain('## Customer success manager');
    expect(sent).not.toContain('notify_customer_success_manager` (naming');
    expect(sent).not.toContain('**Unknown sender**'); // the directory knows this sender
    // Without billing or cancellation, the refund and credit rules go too; the sections after them stay.
    expect(sent).not.toContain('## Refunds and credits');
    expect(sent).not.toContain('Duplicate charges are always refunded');
    expect(sent).toContain('## Exactly one customer-facing action');
    // Not Enterprise, nor billing or outage: the contractual-SLA rule cannot apply.
    expect(sent).not.toContain('**Contractual SLA**');
  });

  it('keeps each of them when memory holds what it is about', () => {
    const promise = { what: 'a $49 credit', date: '2026-05-20', memory: 'Support promised a manual credit of $49.', memory_id: 'mem_p', issue_types: ['billing' as const] };
    const facts = { csm_name: 'Dana Lee', open_promises: [promise], prior_issues: [earlier('billing', '2026-04-12'), earlier('billing', '2026-05-20')] };
    const sent = applicablePolicy(policy.text, applicableSections({ ...assessed([['billing', 0.97]], facts), plan_key: 'enterprise' }, policy.rules));
    expect(sent).toContain('**Open promise**: memory shows');
    expect(sent).toContain('**Contractual SLA** (Enterprise)');
    expect(sent).toContain('**Repeat issue**: 2 or more');
    expect(sent).toContain('## Customer success manager (CSM)');
    expect(sent).toContain('Never notify a CSM for an account without one.');
    expect(sent).toContain('## Refunds and credits');
  });

  it('sends the rule for a promise made to one person only when a promise names whom it was made to', () => {
    const promise = { what: 'a $49 credit', date: '2026-05-20', memory: 'Support promised a manual credit of $49.', memory_id: 'mem_p', issue_types: ['billing' as const] };
    const toCompany = applicablePolicy(policy.text, applicableSections(assessed([['billing', 0.97]], { open_promises: [promise] }), policy.rules));
    expect(toCompany).toContain('**Open promise**: memory shows');
    expect(toCompany).not.toContain('**Promise to one person**');
    const toBen = applicablePolicy(policy.text, applicableSections(assessed([['billing', 0.97]], { open_promises: [{ ...promise, to: 'Ben' }] }), policy.rules));
    expect(toBen).toContain('**Promise to one person**: a promise in the account');
  });

  it('keeps the contractual-SLA rule for Enterprise only where it can act (billing or outage)', () => {
    const sent = (types: [string, number][], plan_key: string) => applicablePolicy(policy.text, applicableSections({ ...assessed(types, {}), plan_key } as Assessment, policy.rules));
    expect(sent([['outage', 0.97]], 'enterprise')).toContain('**Contractual SLA** (Enterprise): escalate billing and outage tickets now');
    expect(sent([['how_to', 0.97]], 'enterprise')).not.toContain('**Contractual SLA**');
    expect(sent([['billing', 0.97]], 'pro')).not.toContain('**Contractual SLA**');
  });

  it('leaves the rules that only choose tools out of call 2, which calls none, and keeps what shapes the reply', () => {
    const facts = { csm_name: 'Dana Lee' };
    const sent = applicablePolicy(policy.text, applicableSections({ ...assessed([['billing', 0.97]], facts), plan_key: 'enterprise' } as Assessment, policy.rules));
    const conclude = withoutCallRules(sent);
    for (const rule of ['## Customer success manager (CSM)', '**Contractual SLA**', '## Exactly one customer-facing action', '- **Impact**', '- **Priority cap**']) {
      expect(sent).toContain(rule);
      expect(conclude).not.toContain(rule);
    }
    expect(conclude).not.toContain('Never notify a CSM');
    expect(conclude).toContain('- **billing** (double charge');
    expect(conclude).toContain('## Refunds and credits');
    expect(conclude).toContain('## What never to say to a customer');
    expect(conclude).toContain('A clarifying question names exactly what is missing'); // the unlabelled bullet after Impact stays
    expect(conclude).toContain('when `create_escalation_ticket` returns `sla_due`, tell the customer exactly that');
  });

  it('needs as many earlier issues of one type as the repeat rule counts before sending it', () => {
    const twoTypes = { prior_issues: [earlier('billing', '2026-04-12'), earlier('access', '2026-05-20')] };
    expect(applicableSections(assessed([['billing', 0.97]], twoTypes), policy.rules).has('repeat_issue')).toBe(false);
    const twoBilling = { prior_issues: [earlier('billing', '2026-04-12'), earlier('billing', '2026-05-20')] };
    expect(applicableSections(assessed([['access', 0.97]], twoBilling), policy.rules).has('repeat_issue')).toBe(true);
  });
});
