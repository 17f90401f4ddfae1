// The policy text a model call carries: the shipped policy without the issue-type bullets a ticket
// is unlikely to need (security always stays) and without the notes for its editors; a policy
// written without such bullets goes whole.
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../src/core/policy.js';
import { applicableIssueTypes, applicablePolicy } from '../../src/core/policy-sections.js';
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
});
