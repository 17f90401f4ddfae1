// The offline Decider: acts on the loop's assessment (policy/rules.yml applied to the decision
// packet) and emits the same tool calls Gemini would, with customer wording from policy/templates.yml.
import type { DecisionPacket, Decider, Proposal, ProposedCall, ToolOutcome } from '../core/ports.js';
import type { FinalResult } from '../core/tools.js';
import type { Assessment } from '../core/assess.js';
import type { Policy } from '../core/policy.js';
import { answerFailedReason } from '../core/answer-feedback.js';
import { answerSections } from './answer-sections.js';
import { composeHandoffBrief, composeEscalationReply, fill, firstName, requestAskedAbout } from './wording.js';

export function createPolicyEngine(policy: Policy): Decider {
  function proposeCalls(packet: DecisionPacket, a: Assessment): ProposedCall[] {
    // The customer reads their own language; what staff read (briefs, memory) stays in English.
    const templates = policy.templates[a.language];
    const english = policy.templates.en;
    const calls: ProposedCall[] = [];
    const add = (name: string, args: unknown) => calls.push({ id: `call_${calls.length + 1}`, name, args });
    const name = firstName(packet.customer.customer_name);
    const { customer_id, account_id } = packet.customer;
    // An answer to our question ("INV-88121") is recorded with the request it answers.
    const opening = requestAskedAbout(packet);
    const request = opening ? `${opening} (then: ${packet.message})` : packet.message;

    if (!a.known_sender) {
      add('ask_for_missing_info', { missing_fields: ['name', 'company', 'email'], question: templates.ask.identity! });
      return calls;
    }
    if (a.action === 'ask') {
      const fields = a.missing_fields.length ? a.missing_fields : ['details'];
      // Asked once already and answered without it: the question says it is still missing, not "thanks for reaching out" again.
      // "Why is it blocked?" is asked what is blocked, not the generic "tell me more".
      const own = a.asks_what_is_blocked
        ? templates.ask.blocked_what
        : fields.length === 1
          ? ((a.asked_again ? templates.ask[`${fields[0]!}_again`] : undefined) ?? templates.ask[fields[0]!])
          : undefined;
      // A clarifying question names exactly what is missing, in the words of templates `fields`.
      const named = fields.map((f) => templates.fields[f] ?? f.replace(/_/g, ' ')).join(', ');
      // A bare greeting is greeted back and asked what we can help with, not asked for "a bit more" of nothing.
      const question = fill((a.greeting ? templates.ask.greeting : own) ?? templates.ask.generic!, { first_name: name, fields: named });
      add('ask_for_missing_info', { missing_fields: fields, question });
      return calls;
    }
    const article = a.knowledge.best;
    // A how-to, a billing question how or where to do something itself, or an issue whose template gives
    // one article's steps when another article fits better.
    const templateArticle = policy.rules.issues[a.issue_type].template_article;
    // A question how to sign in is told where to sign in, not an article's steps for a compromised account.
    const fromArticle =
      !a.asks_how_to_sign_in && (a.issue_type === 'how_to' || a.knowledge.self_serve || (templateArticle !== undefined && article !== null && article.article_id !== templateArticle));
    if (a.action === 'answer' && a.more_of && !a.already_escalated) {
      // "Tell me more": the sections of the article that the help center found for the ticket's question and no
      // answer on the ticket showed yet; when none is left, the whole article's link and a question what they want
      // to know (their "still not working" reaches a person).
      const shown = plain(packet.history.map((t) => t.reply).join('\n'));
      const further = packet.knowledge.passages.filter((p) => p.article_id === a.more_of!.article_id && !shown.includes(plain(p.text).slice(0, 80)));
      const sections = answerSections(further, a.more_of.article_id).map((p) => (p.heading === p.title ? p.text : `*${p.heading}*\n${p.text}`));
      const answer = sections.length ? `${fill(templates.answer.more!, { first_name: name })}\n\n${sections.join('\n\n')}`.slice(0, 2900) : fill(templates.answer.whole_article!, { first_name: name });
      add('answer_customer', { answer, resolved: false, sources: [a.more_of.article_id] });
    } else if (a.action === 'answer' && fromArticle && !a.already_escalated && a.knowledge.answerable && article) {
      // The best article's own words (its best passages, with their headings), cited; the loop adds the
      // article's link and the helpful buttons.
      const sections = answerSections(packet.knowledge.passages, article.article_id).map((p) => (p.heading === p.title ? p.text : `*${p.heading}*\n${p.text}`));
      const answer = `${fill(templates.answer.how_to!, { first_name: name })}\n\n${sections.join('\n\n')}`.slice(0, 2900);
      add('answer_customer', { answer, resolved: false, sources: [article.article_id] });
    } else if (a.action === 'answer') {
      const template = a.already_escalated ? templates.answer.escalated_followup : a.asks_how_to_sign_in ? templates.answer.sign_in : templates.answer[a.issue_type];
      const answer = fill(template ?? templates.answer.other ?? 'Thanks, {first_name}.', { first_name: name, team: templates.teams[a.issue_type] });
      // Where to sign in is a how-to answer: the ticket waits for the customer, as an article's answer does.
      add('answer_customer', { answer, resolved: !a.already_escalated && a.issue_type !== 'feature_request' && !a.asks_how_to_sign_in });
    } else {
      add('create_escalation_ticket', {
        customer_id,
        account_id,
        priority: a.priority,
        reason: escalationReason(a),
        // A failed answer is about the question it answered, as the No button's escalation is.
        summary: `${a.issue_type.replace('_', ' ')}: ${(a.answer_failed ? (packet.history[0]?.customer ?? packet.message) : request).slice(0, 300)}`,
        handoff_summary: composeHandoffBrief(packet, a),
      });
      if (a.csm_notice.qualifies) {
        add('notify_customer_success_manager', {
          account_id,
          customer_id,
          csm_name: a.facts.csm_name,
          handoff_summary: `${packet.customer.customer_name} (${packet.customer.account_name}) has an escalated ${a.issue_type} ticket ${packet.ticket_id} at ${a.priority} priority.`,
          risk_reason: a.csm_notice.reason,
        });
      }
    }
    // A follow-up on an escalated ticket is not a new outcome; the escalation already wrote one.
    if (packet.memory_enabled && !packet.memory_unavailable && !a.already_escalated) {
      const what = a.action === 'escalate' ? `escalated to the ${english.teams[a.issue_type]} team at ${a.priority} priority` : 'answered';
      const asked = `("${(opening ?? packet.message).slice(0, 120).replace(/\s+/g, ' ')}")`;
      // A question where to find an invoice is remembered as the how-to it is: counted as a billing
      // issue, two of them would make the customer's next real billing problem a "repeat" at urgent.
      // So is one no article answers, handed to the billing team ("I'd like to set up automatic payments").
      const billingHowTo = a.knowledge.self_serve || (a.knowledge.self_serve_question && !a.knowledge.answerable && !a.discount_request);
      const reported = billingHowTo
        ? `asked a billing how-to question ${asked}`
        : a.discount_request
          ? `asked for a discount ${asked}`
          : `reported ${withArticle(a.issue_type.replace('_', ' '))} issue ${asked}`;
      add('store_support_outcome_memory', {
        scope: 'customer',
        memory: `On ${packet.today} ${packet.customer.customer_name} ${reported}; ${what} (ticket ${packet.ticket_id}).`,
        issue_type: billingHowTo ? 'how_to' : a.issue_type,
        status: a.action === 'escalate' ? 'escalated' : a.issue_type === 'feature_request' ? 'open' : 'resolved',
      });
    }
    return calls;
  }

  return {
    name: 'policy',
    async propose(packet, a): Promise<Proposal> {
      return { calls: proposeCalls(packet, a) };
    },
    async conclude(packet, _proposal, outcomes: ToolOutcome[], a): Promise<FinalResult> {
      const templates = policy.templates[a.language];
      const executed = outcomes.filter((o) => o.status === 'executed');
      const facing = executed.find((o) => ['ask_for_missing_info', 'answer_customer', 'create_escalation_ticket'].includes(o.name));
      const args = (facing?.call.args ?? {}) as Record<string, string>;
      let customer_response: string;
      if (facing?.name === 'create_escalation_ticket') {
        customer_response = composeEscalationReply(packet, a, templates, facing.result ?? {});
      } else if (facing?.name === 'answer_customer') {
        customer_response = args.answer ?? '';
      } else {
        customer_response = args.question ?? fill(templates.ask.details!, { first_name: firstName(packet.customer.customer_name) });
      }
      const escalated = facing?.name === 'create_escalation_ticket';
      const mem0_value = !packet.memory_enabled
        ? 'none: memory disabled for this ticket'
        : a.memory_reasons.length
          ? `Memory changed the action: ${a.memory_reasons.join('; ')}.`
          : 'none: memory held nothing that changed the action';
      return {
        customer_response,
        decision_summary: `${a.issue_type} ticket; plan ${a.plan_known ? a.plan_key : 'unknown'}; action ${facing?.name ?? 'none'}${escalated ? ` at ${a.priority}` : ''}${a.missing_fields.length && !escalated ? `; missing ${a.missing_fields.join(', ')}` : ''}.`,
        handoff_brief: escalated ? ((facing.call.args as { handoff_summary?: string }).handoff_summary ?? '') : '',
        mem0_value,
        tools_executed: executed.map((o) => o.name),
        // The policy engine decides on the offline reader's reading; it has no reading of its own.
        // Text too short to be in a language has none to report (a decider's languages exclude `none`).
        issue_type: a.issue_type,
        severity: a.reading.severity,
        ...(a.reading.language === 'none' ? {} : { language: a.reading.language }),
      };
    },
  };
}

/** Text as compared across Markdown and Slack's mrkdwn: no emphasis marks, one space between words. */
function plain(text: string): string {
  return text.replace(/[*_`]/g, '').replace(/\s+/g, ' ').trim();
}

/** "a billing", "an outage": staff read these memories in briefs ("Earlier outage issues: … reported an outage issue"). */
function withArticle(word: string): string {
  return `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;
}

function escalationReason(a: Assessment): string {
  if (a.handoff_cause === 'asks_for_human') return 'the customer asked for a person';
  if (a.handoff_cause === 'answer_failed' && a.answer_failed) return answerFailedReason(a.answer_failed.articles);
  if (a.handoff_cause === 'unclear_request') return 'unclear request';
  if (a.knowledge.no_article) return 'no help-center article covers this question';
  if (a.memory_reasons.length) return a.memory_reasons.join('; ');
  if (a.issue_type === 'security') return 'security: a person takes it at once on every plan';
  if (a.plan_known && a.plan.escalate_immediately.includes(a.issue_type)) return `${a.plan_key} plan: ${a.issue_type} is escalated at once`;
  const impact = a.severity_reasons.length ? ` (${a.severity_reasons.join(', ')})` : '';
  return `policy: ${a.issue_type} tickets go to a person${impact}`;
}
