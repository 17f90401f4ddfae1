// Use case: "Was this helpful?" on an answer from the help center. Yes resolves the ticket; No hands it
// to a person at the plan's default priority, with the article that failed in the brief. Each answer
// takes one mark: a second click, or Slack delivering the same click again, changes nothing. The same
// No in words is one rule, "an answer memdesk gave on this ticket did not solve it" (assess.ts
// `answer_failed`): a follow-up saying a cited answer did not work, or the same sign-in problem back
// after the reset steps. The turn escalates it with the reason and brief line below, and records the
// same mark when the answer cited articles to mark (conclude.ts).
import { isoDay, type Clock } from '../clock.js';
import { memdeskError } from '../errors.js';
import { newId } from '../ids.js';
import type { LoggedOperation, OperationLog } from './events.js';
import { replyDueTime } from './local-time.js';
import { readMemoryFacts } from './memory-facts.js';
import { toPacketMemories } from './packet.js';
import type { Policy } from './policy.js';
import type { CitedArticle, Directory, Escalation, MemoryStore, ScoredMemory, Ticket, TicketRepository } from './ports.js';
import { readingLanguage, replyLanguage, type Reader } from './reading.js';
import { searchPolicyFacts } from './recall.js';
import { awaitedResponse, customerWaiting, stopAll } from './sla-clocks.js';

/**
 * Why a ticket whose answer failed goes to a person, whether the customer pressed No or wrote it. An
 * answer that cited no articles is the access answer's reset steps (the only uncited answer the rule
 * takes back: assess.ts `failedAnswer`). `byId`: the articles named by id (what a blocked call is
 * told) rather than "the help-center answer" (what staff read).
 */
export function answerFailedReason(articles: CitedArticle[], byId = false): string {
  if (!articles.length) return 'the customer said the reset steps did not help: they still cannot sign in';
  return `the customer said ${byId ? `the answer from ${articles.map((a) => a.article_id).join(', ')}` : 'the help-center answer'} did not solve it`;
}

/** The handoff brief's line that names the answer that failed (its articles, or the reset steps), and how the customer said so. */
export function failedAnswerLine(articles: CitedArticle[], saidBy: string): string {
  if (!articles.length) return `memdesk answered with the reset steps; ${saidBy}: they did not solve it.`;
  const failed = articles.map((a) => `${a.title} (${a.url})`).join('; ');
  return `memdesk answered from ${failed}; ${saidBy}: ${articles.length > 1 ? 'those articles' : 'that article'} did not solve it.`;
}

/** The mark a "No" leaves on an answer's articles (the gap loop and the report read it), pressed or written. */
export function notHelpfulMark(x: { actor: string; articles: CitedArticle[]; escalationId: string | null }) {
  return { kind: 'answer_feedback', detail: { helpful: false, actor: x.actor, articles: x.articles.map((a) => a.article_id), escalation_id: x.escalationId } } as const;
}

export type AnswerFeedback =
  | {
      kind: 'recorded';
      helpful: boolean;
      ticket: Ticket;
      /** The articles the answer cited (the ones that failed, on a No). */
      articles: CitedArticle[];
      escalation: Escalation | null;
      /** What the customer is told in the thread (a No only; '' on a Yes). */
      reply: string;
      traceId: string;
    }
  /** This answer was already marked (by this click delivered twice, or an earlier one). */
  | { kind: 'already_marked'; helpful: boolean; ticket: Ticket }
  | { kind: 'no_answer'; ticket: Ticket };

export interface FeedbackDeps {
  tickets: TicketRepository;
  operationLog: OperationLog;
  memory: MemoryStore;
  reader: Reader;
  policy: Policy;
  directory: Directory;
  clock: Clock;
}

// One mark at a time per ticket in this process, so two deliveries of one click never both pass the check.
const inFlight = new Map<string, Promise<unknown>>();

export function recordAnswerFeedback(deps: FeedbackDeps, ticketId: string, helpful: boolean, by: { actor: string }): Promise<AnswerFeedback> {
  const previous = inFlight.get(ticketId) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(() => mark(deps, ticketId, helpful, by));
  inFlight.set(ticketId, next);
  return next.finally(() => {
    if (inFlight.get(ticketId) === next) inFlight.delete(ticketId);
  });
}

async function mark(deps: FeedbackDeps, ticketId: string, helpful: boolean, by: { actor: string }): Promise<AnswerFeedback> {
  const ticket = await deps.tickets.get(ticketId);
  if (!ticket) throw memdeskError('ticket_input', `ticket ${ticketId} does not exist`);
  const operations = await deps.operationLog.read({ ticketId });
  const answer = lastOf(operations, 'answer_cited');
  if (!answer) return { kind: 'no_answer', ticket };
  const earlier = operations.find((op): op is Extract<LoggedOperation, { kind: 'answer_feedback' }> => op.kind === 'answer_feedback' && op.seq > answer.seq);
  if (earlier) return { kind: 'already_marked', helpful: earlier.detail.helpful, ticket };

  const now = deps.clock.now();
  const traceId = newId('trace', now);
  const articles = answer.detail.articles;
  if (helpful) {
    // "Yes, solved" resolves the ticket, so every SLA clock stops here (as staff's Resolve stops them).
    const clocks = ticket.state.clocks && stopAll(ticket.state.clocks, now);
    const resolved = await deps.tickets.update(ticketId, { status: 'resolved', ...(clocks ? { state: { ...ticket.state, clocks } } : {}) });
    await deps.operationLog.append({ trace_id: traceId, ticket_id: ticketId, kind: 'answer_feedback', detail: { helpful, actor: by.actor, articles: articles.map((a) => a.article_id), escalation_id: null } });
    return { kind: 'recorded', helpful, ticket: resolved, articles, escalation: null, reply: '', traceId };
  }

  const plan = await planOf(deps, ticket, isoDay(now));
  // The answered question's own team takes it: a billing question answered from its article goes to billing.
  const issue = ticket.issue_type ?? 'how_to';
  const identity = deps.directory.resolve({ customerId: ticket.customer_id });
  // The customer now waits on a person: the next-response clock runs from the press, and its due time
  // is what they are promised (a plan without SLA clocks keeps its sla_hours, in UTC).
  const clocks = ticket.state.clocks && customerWaiting(ticket.state.clocks, now);
  const due = clocks ? awaitedResponse(clocks) : plan.slaHours ? { due_at: new Date(now.getTime() + plan.slaHours * 3_600_000).toISOString(), timezone: 'UTC' } : null;
  const sla_due_at = due?.due_at ?? null;
  const escalation: Escalation = {
    escalation_id: `esc_${ticketId}_not_helpful`,
    ticket_id: ticketId,
    priority: plan.priority,
    reason: answerFailedReason(articles),
    summary: `${issue.replace('_', ' ')}: ${ticket.message.slice(0, 300)}`,
    handoff_summary: [
      `Trace ${traceId}. ${identity.customer_name} (${ticket.customer_id}) at ${identity.account_name} (${ticket.account_id}).`,
      `Plan: ${plan.known ? plan.key : 'unknown'}. Priority: ${plan.priority} (the plan's default).`,
      `Customer asked: "${ticket.message.slice(0, 400).replace(/\s+/g, ' ')}"`,
      failedAnswerLine(articles, 'the customer pressed "No, I need a person"'),
    ].join('\n'),
    sla_due_at,
    created_at: now.toISOString(),
  };
  await deps.tickets.addEscalation(escalation);
  const escalated = await deps.tickets.update(ticketId, {
    status: 'escalated',
    priority: plan.priority,
    sla_due_at,
    state: { ...ticket.state, last_action: 'create_escalation_ticket', ...(clocks ? { clocks } : {}) },
  });
  await deps.operationLog.append({ trace_id: traceId, ticket_id: ticketId, ...notHelpfulMark({ actor: by.actor, articles, escalationId: escalation.escalation_id }) });
  // The reply is in the language the customer wrote the ticket in (the reader's reading of it), or for a
  // question too short to tell, the one memory holds for them, as the answer itself was.
  const [firstReading] = await deps.operationLog.read({ ticketId, kinds: ['message_read'] });
  const language = replyLanguage(readingLanguage.catch('en').parse(firstReading?.detail.language), plan.language);
  const t = deps.policy.templates[language];
  const first = identity.customer_name.split(/\s+/)[0] ?? '';
  const values: Record<string, string> = { first_name: first, team: t.teams[issue] ?? t.teams.how_to, sla_due: due ? replyDueTime(due.due_at, due.timezone, language, t.due, now) : '' };
  const reply = [t.escalate.opening, due ? t.escalate.sla : t.escalate.no_sla].map((p) => p.replace(/\{(\w+)\}/g, (whole: string, k: string) => values[k] ?? whole)).join(' ');
  return { kind: 'recorded', helpful, ticket: escalated, articles, escalation, reply, traceId };
}

/** The plan from the customer's and account's memories, as the loop reads it: its default priority and SLA; and the customer's remembered language. */
async function planOf(deps: FeedbackDeps, ticket: Ticket, today: string) {
  // Within the turn's memory budget: a hung store must not hold the customer's No (a slower or failing one reads as no memory).
  const [customer, account] = await searchPolicyFacts(deps.memory, ticket).catch((): [ScoredMemory[], ScoredMemory[]] => [[], []]);
  const { rules } = deps.policy;
  const facts = readMemoryFacts(toPacketMemories([...customer, ...account], Infinity), rules, today, deps.reader, deps.directory.staffNames());
  const key = facts.plan?.key ?? rules.unknown_plan;
  const plan = rules.plans[key]!;
  return { key, known: Boolean(facts.plan), priority: plan.default_priority, slaHours: facts.plan ? (facts.sla_hours ?? plan.sla_hours) : null, language: facts.language };
}

function lastOf<K extends LoggedOperation['kind']>(operations: LoggedOperation[], kind: K): Extract<LoggedOperation, { kind: K }> | undefined {
  return operations.filter((op): op is Extract<LoggedOperation, { kind: K }> => op.kind === kind).at(-1);
}
