// What every model decider sends and accepts, whatever its protocol: the system text, the packet
// as the model sees it, how tool outcomes and the ask for the final JSON are put, and the final
// JSON's schema and check. One copy, so Gemini and an OpenAI-compatible model are asked the same
// question and held to the same answer.
import type { DecisionPacket, PacketMemory, PacketTurn, ProposedCall, ToolOutcome, Usage } from '../core/ports.js';
import type { Assessment } from '../core/assess.js';
import { finalResultSchema, modelJsonSchema, toolJsonSchemas, toolNames, type FinalResult, type ToolName } from '../core/tools.js';
import { deciderError } from './decider-error.js';
import { promiseIsTheirs } from '../core/open-promises.js';
import { concludeInstructions } from '../core/packet.js';
import { withoutCallRules } from '../core/policy-sections.js';

/** A model's final JSON also carries its own reading of the message; the record keeps it. */
const modelFinalSchema = finalResultSchema.required({ issue_type: true, severity: true, language: true });

/** Passages a model sees: the best two, most often two sections of the best article (the packet may hold more). */
const MODEL_PASSAGES = 2;

/**
 * The tools a model is offered for one ticket: every tool, but the CSM notice only when memory names the
 * account's CSM. Without one the guardrails block every notice (guardrails.ts), and its declaration
 * would cost every proposal of every such ticket.
 */
export function offeredTools(assessment: Pick<Assessment, 'facts'>): ToolName[] {
  return toolNames.filter((name) => name !== 'notify_customer_success_manager' || Boolean(assessment.facts.csm_name));
}

/**
 * The system text of a call: the instructions and the policy as cut for the ticket. Call 2 (conclude)
 * offers no tools, so it goes without what only says which tools to call and what to cite: its own
 * instructions (concludeInstructions) and the policy without those rules (withoutCallRules).
 */
export function systemText(packet: DecisionPacket, call: 'propose' | 'conclude' = 'propose'): string {
  return call === 'conclude' ? `${concludeInstructions}\n\n${withoutCallRules(packet.policy_text)}` : `${packet.instructions}\n\n${packet.policy_text}`;
}

/**
 * The account memories a model is not shown: those holding an open promise made to another member of the
 * account ("Support promised Ben a credit", when Ava writes). The model could only repeat it to the wrong
 * person; the server adds such a promise to the brief for staff (conclude.ts). A promise to the company,
 * or to this customer, stays.
 */
function withheldFromModel(p: DecisionPacket, assessment: Pick<Assessment, 'facts'>): Set<string> {
  return new Set(assessment.facts.open_promises.filter((promise) => !promiseIsTheirs(promise, p)).map((promise) => promise.memory_id));
}

/** The packet as the model sees it. Fields are picked, not spread, so nothing new leaks in by accident. */
export function packetForModel(p: DecisionPacket, assessment: Pick<Assessment, 'facts'>): string {
  const withheld = withheldFromModel(p, assessment);
  // A memory as the model needs it: what it says and the day it was written. Its id is the server's
  // (nothing the model writes names one), and a superseded fact is already left out (recall.ts), so
  // the time of day orders nothing the model decides.
  const memory = (m: PacketMemory) =>
    m.metadata && Object.keys(m.metadata).length > 0
      ? { memory: m.memory, created_at: m.created_at.slice(0, 10), metadata: m.metadata }
      : { memory: m.memory, created_at: m.created_at.slice(0, 10) };
  return JSON.stringify({
    today: p.today,
    now: p.now,
    customer: {
      customer_id: p.customer.customer_id,
      account_id: p.customer.account_id,
      customer_name: p.customer.customer_name,
      account_name: p.customer.account_name,
      known_sender: p.customer.known_sender,
    },
    message: p.message,
    // A flag that is false is left out: the model reads only the exception.
    ...(p.message_truncated ? { message_truncated: true } : {}),
    // Only for a message too short to show its language: the one the server answers in (policy, Language).
    ...(p.reply_language ? { reply_language: p.reply_language } : {}),
    memory_enabled: p.memory_enabled,
    ...(p.memory_unavailable ? { memory_unavailable: true } : {}),
    memories: { customer: p.memories.customer.map(memory), account: p.memories.account.filter((m) => !withheld.has(m.id)).map(memory) },
    knowledge: {
      // Only passages the policy lets the model answer from, best first: below min_score they are noise
      // it pays for on every call (none left says what a low one says: no article covers the question).
      passages: p.knowledge.passages
        .filter((passage) => passage.score >= p.knowledge.min_score)
        .slice(0, MODEL_PASSAGES)
        // A further section of an article already shown is named by its article_id alone, without the title again.
        .map(({ id, article_id, title, heading, text, score }, i, shown) =>
          shown.slice(0, i).some((earlier) => earlier.article_id === article_id) ? { id, article_id, heading, text, score } : { id, article_id, title, heading, text, score },
        ),
      min_score: p.knowledge.min_score,
    },
    // What the ticket holds so far, without its SLA clocks (the server works out due times) and turn key.
    ticket_state: p.ticket_state && { issue_type: p.ticket_state.issue_type, asked: p.ticket_state.asked, fields: p.ticket_state.fields, turns: p.ticket_state.turns, last_action: p.ticket_state.last_action },
    // The ticket's earlier turns: what was asked, answered and cited, so "that didn't work" is not met with the same article.
    history: p.history.map(earlierTurn),
  });
}

/**
 * An earlier turn as the model sees it: what is empty is left out, an article is named by id and title,
 * and the reply only where the cited articles or the asked fields do not already say what it was.
 */
function earlierTurn(t: PacketTurn): Record<string, unknown> {
  return {
    customer: t.customer,
    action: t.action,
    ...(t.cited.length || t.asked.length ? {} : { reply: t.reply }),
    ...(t.cited.length ? { cited: t.cited.map(({ article_id, title }) => ({ article_id, title })) } : {}),
    ...(t.asked.length ? { asked: t.asked } : {}),
    ...(t.feedback ? { feedback: t.feedback } : {}),
  };
}

/** What a proposed call's outcome tells the model: its result, or why it did not run. */
export function callResult(call: ProposedCall, outcomes: ToolOutcome[]): { result: Record<string, unknown> } | { error: string } {
  const outcome = outcomes.find((o) => o.call.id === call.id);
  return outcome?.status === 'executed' ? { result: outcome.result ?? {} } : { error: outcome?.reason ?? (outcome ? 'blocked' : 'not run') };
}

/**
 * The ask for the final JSON after the tools ran. `resultsAre` says where the model finds the
 * results; calls the system made on its own answer no call of the model's, so they are told in words.
 */
export function finalAsk(resultsAre: string, calls: ProposedCall[], outcomes: ToolOutcome[]): string {
  const extra = outcomes.filter((o) => !calls.some((c) => c.id === o.call.id));
  const extraText = extra.length
    ? `\nThe system also ran: ${JSON.stringify(extra.map((o) => ({ name: o.name, status: o.status, reason: o.reason, result: o.result })))}`
    : '';
  // Every call that carries this ask also carries finalJsonSchema (structured output, or in words): the
  // fields, and what the schema's descriptions say (issue_type, severity and language are the model's own
  // reading of the message), are not repeated here.
  return (
    `The tools have run; their results are ${resultsAre}. Reply with only the final JSON object, no prose and no code fence. ` +
    "customer_response: what the customer is told, consistent with what actually ran, in the customer's language; " +
    "handoff_brief: in English, naming the customer's language (empty if no human is involved); tools_executed: the tools " +
    'that executed.' +
    extraText
  );
}

export const finalJsonSchema = modelJsonSchema(modelFinalSchema);

/** The model's final text as a FinalResult, or a repairable decider_failed error saying what was wrong. */
export function parseFinalResult(text: string): FinalResult {
  if (!text) throw deciderError('empty_answer', 'it held no text', { repairable: true });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw deciderError('invalid_final_json', 'it was not valid JSON', { repairable: true });
  }
  const parsed = modelFinalSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw deciderError('invalid_final_json', `it did not match the schema (${issues.join('; ')})`, { repairable: true });
  }
  return parsed.data;
}

/** The packet as the first user turn of every call. */
export function packetTurn(packet: DecisionPacket, assessment: Pick<Assessment, 'facts'>): string {
  return `Decision packet (JSON):\n${packetForModel(packet, assessment)}`;
}

/**
 * The packet as call 2 (conclude) resends it: without the help-center passages unless an answer_customer
 * ran, since the model needs them only to write an answer, and an escalation's conclude is a turn's largest call.
 */
export function packetToConclude(packet: DecisionPacket, outcomes: ToolOutcome[]): DecisionPacket {
  const answered = outcomes.some((o) => o.name === 'answer_customer' && o.status === 'executed');
  return answered ? packet : { ...packet, knowledge: { ...packet.knowledge, passages: [] } };
}

/**
 * What each model call of a turn receives, as the texts the protocol carries (a structured part as
 * its JSON): call 1 (propose) gets the system text (instructions and the policy cut for the ticket), the offered tools' declarations
 * and the packet (memories, passages, ticket_state and the earlier turns in history); call 2 (conclude) gets the
 * system text without the rules that only choose tools, the packet again (packetToConclude: without passages unless an answer ran), the calls the model made, their outcomes, the ask for the final
 * JSON and its schema. `npm run bench` counts these (packet_tokens).
 */
export function modelCallInputs(
  packet: DecisionPacket,
  assessment: Pick<Assessment, 'facts'>,
  calls: ProposedCall[],
  outcomes: ToolOutcome[],
): { propose: string[]; conclude: string[] } {
  return {
    propose: [systemText(packet, 'propose'), JSON.stringify(toolJsonSchemas(offeredTools(assessment))), packetTurn(packet, assessment)],
    conclude: [
      systemText(packet, 'conclude'),
      packetTurn(packetToConclude(packet, outcomes), assessment),
      JSON.stringify(calls.map((c) => ({ id: c.id, name: c.name, args: c.args }))),
      JSON.stringify(calls.map((c) => ({ id: c.id, name: c.name, response: callResult(c, outcomes) }))),
      finalAsk('in the function responses above', calls, outcomes),
      JSON.stringify(finalJsonSchema),
    ],
  };
}

/** Rough input tokens of one call: characters / 4 over the texts it carries (not over their JSON escaping). */
export function inputTokens(texts: string[]): number {
  return Math.ceil(texts.reduce((n, t) => n + t.length, 0) / 4);
}

export const noUsage: Usage = { prompt_tokens: 0, candidate_tokens: 0 };

export function addUsage(a: Usage, b: Usage): Usage {
  return { prompt_tokens: a.prompt_tokens + b.prompt_tokens, candidate_tokens: a.candidate_tokens + b.candidate_tokens };
}
