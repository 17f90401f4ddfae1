// Checks each proposed tool call against the policy rules before anything runs. The decider
// proposes; this decides what is allowed. Blocked calls are reported, never executed.
import { answerFailedReason } from './answer-feedback.js';
import { checkGrounding } from './grounding.js';
import { unrecordedClaim } from './claimed-actions.js';
import type { KnowledgePassage } from './knowledge.js';
import type { DecisionPacket, ProposedCall } from './ports.js';
import { customerFacingTools, isToolName, priorities, toolSchemas, type ToolName } from './tools.js';
import type { Assessment } from './assess.js';
import type { Rules } from './policy.js';
import { regexLiteral } from './regex-literal.js';

export type Verdict =
  | { allowed: true; name: ToolName; args: unknown }
  | { allowed: false; name: string; reason: string; invalidArgs?: boolean };

export function checkCall(
  call: ProposedCall,
  ctx: {
    packet: DecisionPacket;
    assessment: Assessment;
    customerFacingTaken: boolean;
    escalating: boolean;
    /** Every passage retrieved for this turn, internal ones included (so citing one is named as such). */
    retrieved: readonly KnowledgePassage[];
  },
): Verdict {
  if (!isToolName(call.name)) return { allowed: false, name: call.name, reason: `unknown tool "${call.name}"` };
  const parsed = toolSchemas[call.name].safeParse(call.args);
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join('.') || 'args'}: ${i.message}`).join('; ');
    return { allowed: false, name: call.name, reason: `invalid arguments: ${why}`, invalidArgs: true };
  }
  const args = parsed.data as Record<string, unknown>;
  const { packet, assessment: a } = ctx;
  const block = (reason: string): Verdict => ({ allowed: false, name: call.name, reason });

  if (customerFacingTools.includes(call.name) && ctx.customerFacingTaken) {
    return block('a customer-facing action was already taken for this ticket (exactly one is allowed)');
  }
  if ('customer_id' in args && args.customer_id !== packet.customer.customer_id) {
    return block(`customer_id "${String(args.customer_id)}" is not this ticket's customer`);
  }
  if ('account_id' in args && args.account_id !== packet.customer.account_id) {
    return block(`account_id "${String(args.account_id)}" is not this ticket's account`);
  }
  // A known sender who asked for a person, for whom an answer on this ticket did not solve it (neither
  // it nor an article it cited may answer it again), or who reported a security incident, is handed to a person now.
  const mustEscalate = a.known_sender && !a.already_escalated && (a.handoff_cause === 'asks_for_human' || a.handoff_cause === 'answer_failed' || a.issue_type === 'security');
  const escalateFirst =
    a.issue_type === 'security'
      ? 'a security incident goes to a person at once, never a question or an answer first'
      : a.handoff_cause === 'answer_failed' && a.answer_failed
        ? `${answerFailedReason(a.answer_failed.articles, true)}; escalate`
        : 'the customer asked for a person; escalate';
  // What the customer reads claims nothing no record backs: an escalation this call cannot be
  // (one customer-facing action a turn), so only one the ticket already has.
  const claim = (text: string) => unrecordedClaim(text, { escalated: a.already_escalated, quoted: ctx.retrieved.map((p) => p.text) });
  switch (call.name) {
    case 'ask_for_missing_info': {
      if (mustEscalate) return block(escalateFirst);
      const claimed = claim(args.question as string);
      if (claimed) return block(claimed);
      break;
    }
    case 'create_escalation_ticket': {
      const p = args.priority as (typeof priorities)[number];
      if (priorities.indexOf(p) > priorities.indexOf(a.max_priority)) {
        return block(`priority ${p} is above what the rules allow here (${a.max_priority} for plan ${a.plan_known ? a.plan_key : 'unknown'})`);
      }
      const floor = a.priority_floor;
      if (floor && priorities.indexOf(p) < priorities.indexOf(floor)) {
        return block(a.issue_type === 'security' ? `a security incident is handled at ${floor} or above on this plan` : `a ${a.issue_type} ticket from a sender with no plan on record is handled at ${floor} or above`);
      }
      if (!a.known_sender) return block('the sender is not identified yet; ask who they are first');
      if (a.greeting && !mustEscalate) return block('the message only greets: ask how we can help; there is nothing to hand to a person yet');
      break;
    }
    case 'answer_customer': {
      if (mustEscalate) return block(escalateFirst);
      const claimed = claim(args.answer as string);
      if (claimed) return block(claimed);
      // memdesk never invents documentation: a how-to answer (a billing question how or where to do
      // something itself included: the rules answer it from its article) cites what was retrieved, and
      // any answer that cites something cites only retrieved customer articles.
      const sources = args.sources as string[];
      const howTo = (a.issue_type === 'how_to' || a.knowledge.self_serve) && !a.already_escalated;
      if (sources.length > 0 || howTo) {
        const grounding = checkGrounding(sources, ctx.retrieved);
        if (!grounding.grounded) return block(`${howTo ? 'how-to answer: ' : ''}${grounding.reason}`);
      }
      break;
    }
    case 'notify_customer_success_manager':
      if (!a.csm_notice.qualifies && !(ctx.escalating && a.plan.notify_csm_on_escalation && a.facts.csm_name)) {
        return block(`account does not qualify for a CSM notice: ${a.csm_notice.reason}`);
      }
      break;
    case 'store_support_outcome_memory':
      if (!packet.memory_enabled) return block('memory is disabled for this ticket; nothing may be written back');
      if (packet.memory_unavailable) return block('memory is unavailable; the write-back would be lost');
      if (!a.known_sender) return block('the sender is not identified; nothing is remembered for unknown senders');
      break;
    default:
      break;
  }
  return { allowed: true, name: call.name, args: parsed.data };
}

/**
 * An id memdesk's records use (a ticket's, an escalation's, a trace's, a customer's or an account's), with the
 * words that introduce it ("as ticket", "(ticket …)", "als Ticket", "sous le ticket"): an internal label the
 * customer cannot use anywhere. Staff see it in the escalation channel.
 */
const internalId =
  /[ \t]*\(?(?:(?:as|under|with|als|unter|sous le|sous la|como|como o|como a|onder)\s+)?(?:(?:(?:the|your|le|la|el|o|a|het|de|ihr|votre|tu|seu)\s+)?(?:ticket|case|reference|ref\.?|référence|referencia|referência|referentie)\s*(?:id|number|no\.?|nummer|numéro|número)?\s*[:#]?\s*)?#?(?<![\p{L}\p{N}_])(?:tkt|esc|trace|csm|cust|acct)_[a-z0-9_]+(?![\p{L}\p{N}_])\)?/giu;
/** What is left of a sentence that only named an id ("Your ticket number is tkt_…"): it says nothing now. */
const emptied = /(?:\b(?:is|are|ist|est|es|é|is het)|:)\s*[.!]?\s*$/i;

/** Removes internal ids, and the sentences that carry an internal label, so a customer never reads one. */
export function scrubCustomerText(text: string, rules: Rules): { text: string; removed: string[] } {
  const labels = labelMatchers(rules.internal_labels);
  const removed: string[] = [];
  const withoutIds = text
    .split(/(?<=[.!?\n])/)
    .map((sentence) => {
      const stripped = sentence.replace(internalId, () => (removed.push('internal id'), ''));
      return stripped === sentence ? sentence : emptied.test(stripped.trim()) ? '' : stripped.replace(/\s+([.,;!?])/g, '$1');
    })
    .join('');
  const sentences = withoutIds.match(/[^.!?\n]+[.!?]*\s*|\n+/g) ?? [withoutIds];
  const kept = sentences.filter((s) => {
    const lower = s.toLowerCase();
    // A label's words must appear before its word-boundary pattern can match: most sentences hold none.
    const hit = labels.find((l) => lower.includes(l.label) && l.pattern.test(lower))?.label;
    if (hit) removed.push(hit);
    return !hit;
  });
  return { text: kept.join('').trim(), removed };
}

interface LabelMatcher {
  label: string;
  pattern: RegExp;
}
// Every reply is scrubbed: the patterns are compiled once per rules, not per sentence and label.
const matchersOf = new WeakMap<readonly string[], LabelMatcher[]>();
function labelMatchers(internalLabels: readonly string[]): LabelMatcher[] {
  let matchers = matchersOf.get(internalLabels);
  if (!matchers) {
    matchers = internalLabels.map((l) => {
      const label = l.toLowerCase();
      return { label, pattern: new RegExp(`(^|[^a-z])${regexLiteral(label)}([^a-z]|$)`) };
    });
    matchersOf.set(internalLabels, matchers);
  }
  return matchers;
}
