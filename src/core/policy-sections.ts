// The part of the support policy text that applies to one ticket: a model call pays for every
// token of the system text, twice per turn. Cut are:
// - the issue-type bullets ("- **billing** …", "- **outage / bug**: …") of types this ticket is unlikely
//   to be about; the reader's probabilities say which are likely. Security is always kept: a misread
//   there costs most. The follow-up bullet ("- **follow-up** …") is kept only for a ticket with earlier turns;
// - the rules that cannot apply to what the ticket's memories hold, as the assessment read them
//   (memory-facts.ts): the open-promise bullet when memory holds no promise (and the promise-to-one-person
//   bullet when no promise names the one it was made to), the repeat-issue bullet when
//   no issue type has enough earlier issues, the CSM section when the account has no CSM, and the refunds
//   section when neither billing nor cancellation is kept; the unknown-sender bullet for a sender
//   the directory knows; and the contractual-SLA bullet (Enterprise billing and outage tickets) unless
//   the plan read from memory is Enterprise and billing or outage is kept.
// Call 2 (conclude), which calls no tools, also goes without the rules that only say which tools to call
// (withoutCallRules): the CSM section, "Exactly one customer-facing action", and the contractual-SLA, impact
// (what raises the priority) and priority-cap bullets.
// Notes for the policy's editors (<!-- … -->) are left out too.
// A policy written another way (no such bullets or headings) is sent whole.
import { boundedMemo } from '../bounded-memo.js';
import type { Assessment } from './assess.js';
import type { Rules } from './policy.js';
import type { Reading } from './reading.js';
import { issueTypes } from './tools.js';

/** What the rules bound to what is known about the ticket are called: a bullet's bold label, or a `## ` heading, as sectionKey reads it. */
const memoryRules = ['open_promise', 'promise_to_one_person', 'repeat_issue', 'customer_success_manager', 'refunds_and_credits', 'unknown_sender', 'contractual_sla'] as const;

/** The rules that say only which tools to call and with what: nothing a call without tools (conclude) can follow. */
const callRules: readonly string[] = ['customer_success_manager', 'contractual_sla', 'exactly_one_customer_facing_action', 'impact', 'priority_cap'];

/** The bullets and sections that may be cut: one per issue type, the one for follow-ups, and the memory-bound rules. */
const cuttable: readonly string[] = [...issueTypes, 'follow_up', ...memoryRules];

/** Issue types are kept, most likely first, until they cover this share of the reader's probability. */
const KEEP_PROBABILITY = 0.9;
/** At most this many types besides security and the ticket's own. */
const MAX_TYPES = 3;

/** How a bullet's bold label or a heading names what it is about ("how-to", "access / login", "Customer success manager (CSM)"). */
function sectionKey(label: string): string {
  return label.split(/[/(]/)[0]!.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

/** The bullets to keep; a ticket's own issue type is given only when it continues (and then the follow-up bullet is kept). */
export function applicableIssueTypes(reading: Reading, ticketIssueType?: string | null): Set<string> {
  const keep = new Set<string>(['security']);
  if (ticketIssueType) keep.add(ticketIssueType).add('follow_up');
  let covered = 0;
  for (const { type, confidence } of reading.issue_types.slice(0, MAX_TYPES)) {
    keep.add(type);
    covered += confidence;
    if (covered >= KEEP_PROBABILITY) break;
  }
  if (reading.issue_types.length === 0) keep.add(reading.issue_type);
  return keep;
}

/**
 * Everything to keep for one assessed ticket: the likely issue types (applicableIssueTypes, and the type
 * the rules handle it as) and the memory-bound rules its memories can trigger.
 */
export function applicableSections(assessment: Assessment, rules: Pick<Rules, 'repeat_issue'>, ticketIssueType?: string | null): Set<string> {
  const keep = applicableIssueTypes(assessment.reading, ticketIssueType).add(assessment.issue_type);
  const { facts } = assessment;
  if (facts.open_promises.length > 0) keep.add('open_promise');
  if (facts.open_promises.some((p) => p.to)) keep.add('promise_to_one_person');
  const earlier = new Map<string, number>();
  for (const issue of facts.prior_issues) earlier.set(issue.issue_type, (earlier.get(issue.issue_type) ?? 0) + 1);
  if ([...earlier.values()].some((n) => n >= rules.repeat_issue.threshold)) keep.add('repeat_issue');
  if (facts.csm_name) keep.add('customer_success_manager');
  if (keep.has('billing') || keep.has('cancellation')) keep.add('refunds_and_credits');
  if (!assessment.known_sender) keep.add('unknown_sender');
  if (assessment.plan_key === 'enterprise' && (keep.has('billing') || keep.has('outage'))) keep.add('contractual_sla');
  return keep;
}

/**
 * The policy text's cuts, by the sections kept, for the last policy text seen: every ticket asks for
 * one of a few dozen combinations, and cutting the text anew (a regex over every line) cost more than
 * the rest of the packet.
 */
let cuts: { text: string; byKeep: (keep: string) => string } | undefined;

/** The policy text without the bullets and sections outside `keep`. */
export function applicablePolicy(text: string, keep: Set<string>): string {
  if (cuts?.text !== text) cuts = { text, byKeep: boundedMemo((kept) => cutPolicy(text, new Set(kept.split(','))), 256) };
  return cuts.byKeep([...keep].sort().join(','));
}

/** The policy text as sent (applicablePolicy) without the rules that only say which tools to call, for a call that calls none. */
export const withoutCallRules = boundedMemo((text: string) => cutPolicy(text, new Set(), callRules), 256);

/** The text without the bullets and sections in `cut` that are not in `keep`. */
function cutPolicy(text: string, keep: Set<string>, cut: readonly string[] = cuttable): string {
  // Notes for the people who edit the policy (HTML comments) are not the model's to read.
  const lines = text.replace(/<!--[\s\S]*?-->\n?/g, '').split('\n');
  const out: string[] = [];
  let skipping = false;
  let skippingSection = false;
  for (const line of lines) {
    const heading = /^#{1,2} (.+)/.exec(line);
    const bullet = /^- \*\*([^*]+)\*\*/.exec(line);
    if (heading) {
      // A section runs to the next heading of its level or above.
      const key = sectionKey(heading[1]!);
      skippingSection = cut.includes(key) && !keep.has(key);
      skipping = false;
    } else if (bullet) {
      const key = sectionKey(bullet[1]!);
      skipping = cut.includes(key) && !keep.has(key);
    } else if (!/^\s+\S/.test(line)) {
      // A line that does not continue the bullet (a blank line, a new paragraph) ends it.
      skipping = false;
    }
    if (!skipping && !skippingSection) out.push(line);
  }
  // A cut leaves no run of blank lines behind.
  return out.join('\n').replace(/\n{3,}/g, '\n\n');
}
