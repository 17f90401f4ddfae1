// Stage 7, conclude: the decider writes the customer's reply and the handoff brief from what ran;
// internal labels are scrubbed from the reply; the turn is logged as finalized and its result
// carries everything a front door needs (identity, records made, who decided, the assessment).
import type { Acted } from './act.js';
import type { Decision } from './decide.js';
import type { KnowledgePassage, KnowledgeSearch } from './knowledge.js';
import { scrubCustomerText } from './guardrails.js';
import { unrecordedClaim } from './claimed-actions.js';
import type { Turn } from './open-ticket.js';
import type { Rules, TemplatesByLanguage } from './policy.js';
import { sourceLinks } from './source-line.js';
import { slackMarkup } from './reply-markup.js';
import type { Conclusion, Decider, ScoredMemory, Ticket, TicketOutcome, TicketRepository, ToolOutcome } from './ports.js';
import type { Reading } from './reading.js';
import type { Recalled } from './recall.js';
import { customerFacingTools, finalResultSchema } from './tools.js';
import { toolCallReports } from './tool-call-reports.js';
import { notHelpfulMark } from './answer-feedback.js';
import { briefedRunbooks } from './briefed-runbooks.js';
import { promiseIsTheirs } from './open-promises.js';

export async function conclude(
  deps: { decider: Decider; safetyNet: Decider; rules: Rules; templates: TemplatesByLanguage; tickets: TicketRepository; knowledge?: KnowledgeSearch },
  turn: Turn,
  recalled: Recalled,
  decision: Decision,
  acted: Acted,
): Promise<TicketOutcome> {
  const { packet, assessment, proposal } = decision;
  const { outcomes } = acted;
  const t = performance.now();
  let final: Conclusion;
  let netConcluded = acted.concluder !== deps.decider;
  /** The decider wrote the reply (not the safety net, nor the policy engine after its conclusion failed). */
  let wroteIt = !netConcluded;
  const byNet = async () => deps.safetyNet.conclude(packet, await deps.safetyNet.propose(packet, assessment), outcomes, assessment);
  try {
    final = await acted.concluder.conclude(packet, acted.concluderProposal, outcomes, assessment);
  } catch (err) {
    turn.log.warn({ err: String(err) }, 'conclusion failed; the policy engine writes the reply');
    final = await byNet();
    wroteIt = false;
  }
  // The decider's reply is checked as its calls were: a claim no tool of this turn records (a refund,
  // a handover without an escalation) is blocked, and the policy engine writes the reply from what ran.
  if (wroteIt) {
    const escalated = assessment.already_escalated || outcomes.some((o) => o.status === 'executed' && o.name === 'create_escalation_ticket');
    const reason = unrecordedClaim(final.customer_response, { escalated, quoted: decision.retrieved.map((p) => p.text) });
    if (reason) {
      turn.log.warn({ reason }, 'reply blocked; the policy engine writes the reply');
      turn.record({ kind: 'reply_blocked', detail: { decider: deps.decider.name, reason } });
      final = await byNet();
      netConcluded = true;
    }
  }
  turn.timings.conclude_ms = Math.round(performance.now() - t);
  // What the tools started (a memory write-back) ran while the reply was written; the outcome reports how it ended.
  const settling = performance.now();
  await acted.settled;
  turn.timings.settle_ms = Math.round(performance.now() - settling);

  const decidedBy =
    !netConcluded
      ? (final.decided_by ?? acted.concluderProposal.decided_by ?? deps.decider.name)
      : `${deps.decider.name}+policy (safety net)`;
  const executedNames = outcomes.filter((o) => o.status === 'executed').map((o) => o.name);
  const checked = finalResultSchema.parse({ ...final, tools_executed: executedNames });
  const scrubbed = scrubCustomerText(checked.customer_response, deps.rules);
  if (scrubbed.removed.length) {
    turn.record({ kind: 'customer_text_scrubbed', detail: { removed: scrubbed.removed } });
    turn.log.warn({ removed: scrubbed.removed }, 'internal labels scrubbed from the customer reply');
  }
  // An answer from the help center ends with its articles' links, added here whoever wrote the answer,
  // so a decider cannot leave them out or link anything else.
  const answer = outcomes.find((o) => o.status === 'executed' && o.name === 'answer_customer');
  const cited = [...new Set((answer?.call.args as { sources?: string[] } | undefined)?.sources ?? [])];
  const citable = decision.retrieved.filter((p) => p.audience === 'customer');
  const links = sourceLinks(cited, citable);
  const sourceLine = links.length ? fill(deps.templates[decision.assessment.language].answer.source ?? 'More in our help center: {source}', links.join(', ')) : '';
  if (cited.length) {
    const articles = cited.flatMap((id) => citable.filter((p) => p.article_id === id).slice(0, 1).map(({ article_id, title, url }) => ({ article_id, title, url })));
    turn.record({ kind: 'answer_cited', detail: { articles } });
  }
  // An answer of ours that did not solve it is marked as a "No" marks it, where it cited articles to mark
  // (the reset steps cite none): the gap loop finds the question when staff resolve it, the report
  // counts it, and the buttons take no second mark.
  if (assessment.answer_failed?.articles.length) {
    turn.record(notHelpfulMark({ actor: turn.identity.slack_user_id ?? turn.identity.customer_id, articles: assessment.answer_failed.articles, escalationId: acted.escalation?.escalation_id ?? null }));
  }
  // A follow-up that raised the ticket's priority: the reply says the team was told (the Slack door tells
  // them in the escalation thread), added here whoever wrote the reply, as the source line is.
  const language = decision.assessment.language;
  const raisedNote = acted.priorityRaised ? (deps.templates[language].answer.priority_raised ?? '') : '';
  // The reply in the mrkdwn Slack renders: the articles it quotes (and a model's own writing) are Markdown.
  const written = slackMarkup(scrubbed.text) || fallbackReply(outcomes);
  const replyText = raisedNote && !written.includes(raisedNote) ? `${written} ${raisedNote}` : written;
  const customerResponse = sourceLine && !replyText.includes(sourceLine) ? `${replyText}\n\n${sourceLine}` : replyText;
  const { reading, ticket } = await keepDeciderReading(deps.tickets, turn, decision.reading, checked, decidedBy, acted.ticket);
  // Internal runbooks help the person who takes the ticket, when they fit it; never shown to the customer.
  const internal = await briefedRunbooks(recalled.internalPassages, ticket.issue_type ?? reading.issue_type, deps.rules, deps.knowledge, (err, id) =>
    turn.log.warn({ err: String(err), article_id: id }, 'a runbook for the brief could not be read; the brief goes without it'),
  );
  const briefed = checked.handoff_brief && internal.length
    ? `${checked.handoff_brief}\nInternal articles: ${internal.map((p) => `${p.title} (${p.url})`).join('; ')}`
    : checked.handoff_brief;
  const handoff = briefed && !briefed.includes(turn.traceId) ? `${briefed}\n(trace ${turn.traceId})` : briefed;
  // A model decider is never shown a promise made to another member of the account (model-prompt.ts), so its
  // brief cannot list one: staff read every promise that bears on the request, as the policy engine's brief lists them.
  const unlisted = handoff ? assessment.open_promises.filter((p) => !promiseIsTheirs(p, packet) && !handoff.includes(p.what)) : [];
  const notes = [
    decidedBy.includes('fallback') ? `Decided by ${decidedBy}.` : '',
    unlisted.length ? `Open promises to another member of the account (not for this customer): ${unlisted.map((p) => `${p.date}: ${p.what} (to ${p.to})`).join(' | ')}` : '',
    recalled.memoryUnavailable && !/memory was unavailable/i.test(handoff) ? 'memory_unavailable: memory could not be searched for this ticket.' : '',
  ].filter(Boolean);
  const finalHandoff = handoff && notes.length ? `${handoff}\n${notes.join('\n')}` : handoff;

  const usage = final.usage ?? proposal.usage;
  turn.timings.total_ms = Math.round(performance.now() - turn.started);
  turn.record({
    kind: 'ticket_finalized',
    detail: {
      decided_by: decidedBy,
      tools_executed: executedNames,
      status: ticket.status,
      priority: ticket.priority,
      customer_response: customerResponse,
      usage: usage ?? null,
      timings_ms: turn.timings,
    },
  });
  turn.log.info({ decided_by: decidedBy, tools_executed: executedNames, status: ticket.status, timings: turn.timings }, 'ticket decided');

  const brief = (m: ScoredMemory) => ({ id: m.id, memory: m.memory, score: m.score });
  return {
    ticket_id: ticket.ticket_id,
    trace_id: turn.traceId,
    customer_id: turn.identity.customer_id,
    account_id: turn.identity.account_id,
    decided_by: decidedBy,
    memory_enabled: recalled.memoryEnabled,
    memory_unavailable: recalled.memoryUnavailable,
    retrieved: { customer: recalled.customerMemories.map(brief), account: recalled.accountMemories.map(brief) },
    knowledge: distinctArticles(recalled.passages),
    tool_calls: toolCallReports(outcomes),
    customer_response: customerResponse,
    decision_summary: checked.decision_summary,
    handoff_brief: finalHandoff,
    mem0_value: checked.mem0_value,
    tools_executed: executedNames,
    ticket,
    ...(usage ? { usage } : {}),
    timings_ms: turn.timings,
    identity: turn.identity,
    reading,
    assessment,
    escalation: acted.escalation,
    csm_notice: acted.csmNotice,
    priority_raised: acted.priorityRaised,
    cited,
    source_line: sourceLine,
    responded_at: acted.respondedAt?.toISOString() ?? null,
  };
}

function fill(template: string, source: string): string {
  return template.replace('{source}', source);
}

function distinctArticles(passages: KnowledgePassage[]): TicketOutcome['knowledge'] {
  const seen = new Set<string>();
  return passages.flatMap((p) => (seen.has(p.article_id) ? [] : (seen.add(p.article_id), [{ article_id: p.article_id, title: p.title, url: p.url, score: p.score }])));
}

/**
 * A model decider returns its own issue type, severity and language: the record keeps the model's
 * reading (it read the whole message in context), and a disagreement with the offline reader, which
 * the rules and guardrails acted on, is logged so a person can see where the two part ways.
 */
async function keepDeciderReading(
  tickets: TicketRepository,
  turn: Turn,
  offline: Reading,
  final: Conclusion,
  decidedBy: string,
  ticket: Ticket,
): Promise<{ reading: Reading; ticket: Ticket }> {
  if (!final.issue_type || !final.severity || !final.language) return { reading: offline, ticket };
  const theirs = { issue_type: final.issue_type, severity: final.severity, language: final.language };
  const mine = { issue_type: offline.issue_type, severity: offline.severity, language: offline.language };
  if (JSON.stringify(theirs) === JSON.stringify(mine)) return { reading: offline, ticket };
  turn.record({ kind: 'reading_disagreed', detail: { decider: decidedBy, offline: mine, decider_reading: theirs } });
  turn.log.info({ offline: mine, decider: theirs }, 'the decider read the message differently from the offline reader');
  const kept = theirs.issue_type === ticket.issue_type ? ticket : await tickets.update(ticket.ticket_id, { issue_type: theirs.issue_type });
  return { reading: { ...offline, ...theirs }, ticket: kept };
}

function fallbackReply(outcomes: ToolOutcome[]): string {
  const facing = outcomes.find((o) => o.status === 'executed' && customerFacingTools.includes(o.name as never));
  if (facing?.name === 'create_escalation_ticket') return 'Thanks. I have passed this to our team and they will be in touch.';
  return 'Thanks for reaching out. Could you share a few more details so we can help?';
}
