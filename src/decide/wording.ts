// Customer replies and handoff briefs assembled from policy/templates.yml and the assessment.
import type { DecisionPacket } from '../core/ports.js';
import type { Assessment, SlaConflict } from '../core/assess.js';
import type { Templates } from '../core/policy.js';
import { languageName } from '../core/reading.js';
import { failedAnswerLine } from '../core/answer-feedback.js';
import { promiseIsTheirs, type OpenPromise } from '../core/open-promises.js';
import { reportsCardAtRisk } from '../core/lost-card.js';

export function fill(template: string, values: Record<string, string | undefined>): string {
  // A sender we cannot name is greeted without a name rather than as "there".
  const named = values.first_name === '' ? template.replace(/,? \{first_name\}/g, '') : template;
  return named.replace(/\{(\w+)\}/g, (whole, k: string) => values[k] ?? whole);
}

export function firstName(name: string): string {
  const first = name.split(/\s+/)[0] ?? '';
  return first === 'there' ? '' : first;
}

export function composeEscalationReply(
  packet: DecisionPacket,
  a: Assessment,
  t: Templates,
  result: Record<string, unknown>,
): string {
  const values = {
    first_name: firstName(packet.customer.customer_name),
    team: t.teams[a.issue_type],
    sla_due: typeof result.sla_due === 'string' ? result.sla_due : undefined,
    issue_noun: t.issue_nouns[a.issue_type],
    invoice_id: a.fields.invoice_id,
  };
  const parts =
    a.handoff_cause === 'asks_for_human'
      ? [t.escalate.opening, values.sla_due ? t.escalate.human_by : t.escalate.human]
      : a.handoff_cause === 'unclear_request'
        ? [t.escalate.unclear, values.sla_due ? t.escalate.sla : t.escalate.no_sla]
        : [a.knowledge.no_article ? t.escalate.no_article : t.escalate.opening, values.sla_due ? t.escalate.sla : t.escalate.no_sla];
  // What to do now comes before anything else we still need from them.
  // A lost, stolen or misused card is blocked at the bank and replaced on the plan; the account steps are for a break-in.
  if (a.issue_type === 'security') parts.push(reportsCardAtRisk(packet.message) ? t.escalate.card_steps : t.escalate.security_steps);
  // Only where the repeat raised the priority: an answer that did not solve it goes at the plan's default, as a No does.
  if (a.is_repeat && a.handoff_cause !== 'answer_failed') parts.push(t.escalate.repeat);
  // Every open promise this customer may hear of in one sentence: the template's lead-in once, the promises after it.
  const named = a.open_promises.filter((p) => promiseIsTheirs(p, packet));
  if (named.length) parts.push(fill(t.escalate.promise, { promise: named.map((p) => p.what.replace(/^(a|an|the)\s+/i, '')).join('; ') }));
  // An unclear request is not known to be about billing: a person reads it before anything is asked.
  // A question how or where to do something (download an invoice), a discount asked for, or a message that reports
  // nothing wrong with a charge ("can you change my billing frequency?"), is about no one invoice.
  const aboutACharge = a.reading.reports_money_problem && !(a.knowledge.self_serve_question || a.discount_request);
  if (a.issue_type === 'billing' && a.handoff_cause !== 'unclear_request' && (a.fields.invoice_id || aboutACharge)) parts.push(a.fields.invoice_id ? t.escalate.invoice_given : t.escalate.invoice_missing);
  return parts.map((p) => fill(p, values)).join(' ');
}

/** A follow-up's brief quotes the question it follows, a how-to or a discount asked for (a failed answer's brief already does). */
function selfServeAsked(packet: DecisionPacket, a: Assessment): string {
  const asked = packet.history[0]?.customer;
  return asked && !a.answer_failed ? ` ("${asked.slice(0, 200).replace(/\s+/g, ' ')}")` : '';
}

/** The brief a human reads in the escalation channel: who, what, history, promises, next step. */
export function composeHandoffBrief(packet: DecisionPacket, a: Assessment): string {
  const c = packet.customer;
  const lines = [
    `Trace ${packet.trace_id}. ${c.customer_name} (${c.customer_id}) at ${c.account_name} (${c.account_id}).`,
    `Plan: ${a.plan_known ? a.plan_key : 'unknown'}${slaLine(a)}. Issue: ${a.issue_type}. Priority: ${a.priority}.`,
    `Customer wrote: "${packet.message.slice(0, 400).replace(/\s+/g, ' ')}"`,
  ];
  // This message answers our question ("INV-88121"): alone it does not say what the customer wants.
  const opening = requestAskedAbout(packet);
  if (opening) lines.splice(lines.length - 1, 0, `Customer asked first: "${opening}"`);
  if (a.sla_conflict) lines.splice(2, 0, slaConflictLine(a.plan_key, a.sla_conflict));
  const r = a.reading;
  if (a.handoff_cause === 'asks_for_human') lines.push('The customer asked for a person.');
  if (a.answer_failed) {
    // What the No button's brief says, for the same No in words: the question, and the answer that failed.
    const asked = packet.history[0]?.customer;
    if (asked) lines.push(`Customer asked first: "${asked}"`);
    lines.push(failedAnswerLine(a.answer_failed.articles, a.handoff_cause === 'asks_for_human' ? 'the customer asked for a person instead' : 'the customer wrote back that it still does not work'));
  }
  if (a.handoff_cause === 'unclear_request') {
    const alternatives = r.issue_types.slice(1, 3).map((t) => `${t.type} ${percent(t.confidence)}`).join(', ');
    lines.push(`Unclear request: the reader thought ${r.issue_type} but was only ${percent(r.confidence)} sure (then ${alternatives}). Please read it and set the issue type.`);
  }
  if (a.severity_reasons.length) lines.push(`Impact: ${a.severity_reasons.join(', ')}.`);
  if (a.issue_type === 'security') lines.push('Security: the customer was told to reset passwords, rotate API keys, turn on 2FA and review recent sign-ins.');
  if (r.language === 'other') lines.push('Language: not one memdesk answers in; the customer was answered in English.');
  else if (r.language !== 'en' && r.language !== 'none') lines.push(`Language: ${languageName(r.language)}. The customer was answered in ${languageName(r.language)}; reply in ${languageName(r.language)}.`);
  else if (r.language === 'none' && a.language !== 'en') {
    lines.push(`Language: ${languageName(a.language)}, as memory holds for this customer (the message was too short to tell). The customer was answered in ${languageName(a.language)}; reply in ${languageName(a.language)}.`);
  }
  if (a.repeats.length) {
    lines.push(`Earlier ${a.issue_type} issues: ${a.repeats.map((r) => `${r.date}: ${r.memory}`).join(' | ')}`);
  }
  if (a.open_promises.length) {
    lines.push(`Open promises: ${a.open_promises.map((p) => `${p.date}: ${p.what}${secondHandNote(p)}`).join(' | ')}`);
  }
  if (a.renewal_in_days !== null && a.renewal_in_days >= 0) lines.push(`Contract renews ${a.facts.renewal_date} (in ${a.renewal_in_days} days).`);
  if (a.facts.csm_name) lines.push(`CSM: ${a.facts.csm_name}.`);
  // As the reply does (composeEscalationReply): an unclear request, or a how-to, is not asked for an invoice ID.
  if (a.issue_type === 'billing') {
    lines.push(
      a.fields.invoice_id
        ? `Invoice: ${a.fields.invoice_id}.`
        : a.handoff_cause === 'unclear_request'
          ? 'Invoice ID: not given, and not asked for (the request is unclear).'
          : a.discount_request
            ? `Discount request${selfServeAsked(packet, a)}: the customer asks for a price other than their list price; memdesk cannot grant one, the billing team decides. No invoice ID was asked for.`
            : a.knowledge.self_serve_question
            ? `Billing how-to${selfServeAsked(packet, a)}: the customer asks how or where to do something themselves, not about a charge; no invoice ID was asked for.`
            : 'Invoice ID: not given yet (asked in the reply).',
    );
  }
  if (a.knowledge.no_article) {
    const best = a.knowledge.best;
    lines.push(
      packet.knowledge.unavailable
        ? 'The help center could not be searched for this ticket.'
        : `No help-center article covers this${best ? ` (closest: ${best.title}, ${best.url}, score ${best.score.toFixed(2)} < ${packet.knowledge.min_score})` : ''}.`,
    );
  }
  if (packet.memory_unavailable) lines.push('Memory was unavailable for this ticket: history and promises could not be checked.');
  return lines.join('\n');
}

/**
 * What the customer first asked for, when this message follows our question in the same ticket (an
 * invoice ID, more detail): the request their answer belongs to. Null on a first message and on any
 * other follow-up.
 */
export function requestAskedAbout(packet: DecisionPacket): string | null {
  if (packet.history.at(-1)?.action !== 'ask_for_missing_info') return null;
  const first = packet.history[0]?.customer.replace(/\s+/g, ' ').trim();
  return first || null;
}

/** The SLA staff are held to: the plan's clocks when it has them (what the customer was promised), else its sla_hours. */
function slaLine(a: Assessment): string {
  const sla = a.plan_known ? a.plan.sla : undefined;
  if (sla) return `, SLA in business minutes: first response ${sla.first_response_minutes}, next response ${sla.next_response_minutes}, resolution ${sla.resolution_minutes}`;
  return a.sla_hours ? `, ${a.sla_hours}-hour SLA` : ', no SLA on record';
}

/** A remembered SLA the plan's clock contradicts, said once so a person checks the contract instead of either being picked silently. */
function slaConflictLine(planKey: string, c: SlaConflict): string {
  const planClock = c.business_minutes ? `${c.plan_minutes} business minutes` : `${c.plan_minutes} minutes`;
  const runs = c.running === 'plan' ? `the plan's ${planClock} are running` : `the remembered ${c.remembered_hours} hours are running`;
  return `SLA conflict: memory says a ${c.remembered_hours}-hour response SLA ("${c.memory.text}"), the ${planKey} plan's first response is ${planClock}; ${runs}. Check the account's contract, then correct the memory or the policy.`;
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** How staff learn a promise was heard second-hand: who made it, and who passed it on when the memory says. */
function secondHandNote(p: OpenPromise): string {
  if (!p.second_hand) return '';
  const { promised_by, reported_by } = p.second_hand;
  return ` (${promised_by}'s promise, reported second-hand${reported_by ? ` by ${reported_by}` : ''})`;
}
