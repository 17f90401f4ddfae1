// The OpenAI-compatible decider (OpenAI, Azure OpenAI, OpenRouter, Ollama, vLLM, LM Studio) over
// Chat Completions, held to the Gemini decider's contract: call 1 lets the model propose tool
// calls, call 2 hands it the tool outcomes and takes back the final JSON. Calls are scheduled and
// retried by model-calls.ts as Gemini's are (honouring Retry-After); a bad answer gets one repair
// attempt; anything else surfaces as a decider_failed error, and the fallback wrapper hands the
// ticket to the policy engine. Servers that write tool calls as text instead of using the tools API are read
// by text-tool-calls.ts; calls to unknown tools are never passed on.
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type {
  ChatCompletion,
  ChatCompletionAssistantMessageParam,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionFunctionTool,
  ChatCompletionMessageFunctionToolCall,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import type { Assessment } from '../core/assess.js';
import type { Conclusion, Decider, DecisionPacket, Proposal, ProposedCall, ToolOutcome, Usage } from '../core/ports.js';
import { isToolName, toolJsonSchemas, type FinalResult, type ToolName } from '../core/tools.js';
import { hasCode, type MemdeskError } from '../errors.js';
import { deciderError } from './decider-error.js';
import { openAIClient } from './model-clients.js';
import { modelCalls, roughTokens, type CallBudget, type ModelDeciderOptions } from './model-calls.js';
import { addUsage, callResult, finalAsk, finalJsonSchema, noUsage, offeredTools, packetToConclude, packetTurn, parseFinalResult, systemText } from './model-prompt.js';
import { retryAfterFromHeaders } from './retry-after.js';
import { readTextToolCalls } from './text-tool-calls.js';

/** `timeoutMs` defaults to a minute: local models on a CPU are slow. */
export interface OpenAIDeciderOptions extends ModelDeciderOptions {
  /** Local servers (Ollama, vLLM, LM Studio) need none; a placeholder is sent so the SDK accepts it. */
  apiKey?: string;
  model: string;
  /** The API root, e.g. `http://localhost:11434/v1`; the SDK appends `/chat/completions`. Default: OpenAI's. */
  baseUrl?: string;
}

/** What propose leaves in Proposal.state for conclude: the conversation so far, how the calls came, the turn's call budget. */
interface Conversation {
  messages: ChatCompletionMessageParam[];
  assistant: ChatCompletionAssistantMessageParam;
  /** `tools`: the server's tool_calls, answered with tool messages by id; `text`: calls written in content. */
  calledVia: 'tools' | 'text';
  budget: CallBudget;
}

const retryableStatus = new Set([408, 409, 429, 500, 502, 503, 504]);
/** How servers refuse a request feature they lack (vLLM without a tool parser, servers without json_schema). */
const unsupportedRequestStatus = new Set([400, 415, 422, 501]);
const refusesFeature = (err: unknown, feature: RegExp) =>
  hasCode(err, 'decider_failed') && unsupportedRequestStatus.has(err.detail.status ?? 0) && feature.test(err.message);

const schemaInWords = `The object must match this JSON Schema: ${JSON.stringify(finalJsonSchema)}`;
const toolsInWords = (offered: ToolName[]) =>
  'This server takes no tools, so write your tool calls as a JSON list of {"name": "<tool>", "arguments": {...}} ' +
  `and nothing else. The tools, with JSON Schemas for their arguments: ${JSON.stringify(toolJsonSchemas(offered))}`;
const callsInWords = (offered: ToolName[]) =>
  `Call only these tools: ${offered.join(', ')}. Use the tools API, or write the calls as a JSON list of ` +
  '{"name": "<tool>", "arguments": {...}} and nothing else.';
const toolsFor = (offered: ToolName[]): ChatCompletionFunctionTool[] =>
  toolJsonSchemas(offered).map((t) => ({
    type: 'function',
    function: { name: t.name, description: t.description, parameters: t.parameters as Record<string, unknown> },
  }));

export function createOpenAIDecider(options: OpenAIDeciderOptions): Decider & { readonly model: string } {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const client = openAIClient({ ...options, timeoutMs });
  const log = options.logger;
  const calls = modelCalls<ChatCompletion>({ ...options, service: 'openai-compatible model', timeoutMs, usageOf, transportError });
  // Learned from the first refusal and kept: a server that rejects tools or json_schema rejects them every time.
  let toolsSupported = true;
  let jsonSchemaSupported = true;

  function complete(step: string, budget: CallBudget, body: ChatCompletionCreateParamsNonStreaming): Promise<ChatCompletion> {
    return calls.send(step, budget, roughTokens([body.messages, body.tools]), async (signal) => answered(await client.chat.completions.create(body, { signal })));
  }

  /**
   * Call 1 with the tools API where the server has it, else the tools described in words. That note
   * stays out of the kept conversation: call 2 makes no calls, so it need not carry the tool list.
   */
  async function proposalCompletion(budget: CallBudget, offered: ToolName[], messages: ChatCompletionMessageParam[], step: string): Promise<ChatCompletion> {
    const base = { model: options.model, stream: false as const };
    if (toolsSupported) {
      try {
        return await complete(step, budget, { ...base, messages, tools: toolsFor(offered), tool_choice: 'auto' });
      } catch (err) {
        if (!refusesFeature(err, /tool|function/i)) throw err;
        toolsSupported = false;
        log?.warn({ detail: (err as Error).message }, 'server refused tools; describing them in words from now on');
      }
    }
    return complete(step, budget, { ...base, messages: withNote(messages, toolsInWords(offered)) });
  }

  /** Call 2 with structured output where the server has it, else the same ask in words. */
  async function finalCompletion(budget: CallBudget, messages: ChatCompletionMessageParam[], step: string): Promise<ChatCompletion> {
    const base = { model: options.model, stream: false as const };
    if (jsonSchemaSupported) {
      try {
        return await complete(step, budget, {
          ...base,
          messages,
          response_format: { type: 'json_schema', json_schema: { name: 'final_result', schema: finalJsonSchema, strict: false } },
        });
      } catch (err) {
        if (!refusesFeature(err, /response_format|json_schema|schema|format/i)) throw err;
        jsonSchemaSupported = false;
        log?.warn({ detail: (err as Error).message }, 'server refused response_format json_schema; asking for JSON in words from now on');
      }
    }
    return complete(step, budget, { ...base, messages: withNote(messages, schemaInWords) });
  }

  return {
    name: 'openai',
    model: options.model,

    async propose(packet: DecisionPacket, assessment: Assessment): Promise<Proposal> {
      const budget = calls.budgetFor(assessment);
      const offered = offeredTools(assessment);
      const messages: ChatCompletionMessageParam[] = [
        { role: 'system', content: systemText(packet) },
        { role: 'user', content: packetTurn(packet, assessment) },
      ];
      const { value, usage, sent } = await calls.ask('propose', messages, {
        send: (request, step) => proposalCompletion(budget, offered, request, step),
        read: readProposal,
        withNote,
        howToFix: callsInWords(offered),
      });
      const state: Conversation = { messages: sent, assistant: value.assistant, calledVia: value.calledVia, budget };
      return { calls: value.calls, usage: calls.counted(usage, budget), state };
    },

    async conclude(packet: DecisionPacket, proposal: Proposal, outcomes: ToolOutcome[], assessment: Assessment): Promise<Conclusion> {
      const conversation = proposal.state as Conversation | undefined;
      if (!conversation?.messages || !conversation.assistant || !conversation.budget) {
        throw deciderError('missing_state', 'conclude needs the proposal that this decider made');
      }
      // The packet as call 2 needs it, in place of call 1's (a repair note after it stays).
      const [system, asked, ...rest] = conversation.messages;
      const askedText = typeof asked?.content === 'string' ? asked.content : '';
      const messages: ChatCompletionMessageParam[] = [
        ...(system ? [{ role: 'system' as const, content: systemText(packet, 'conclude') }] : []),
        { role: 'user', content: packetTurn(packetToConclude(packet, outcomes), assessment) + askedText.slice(packetTurn(packet, assessment).length) },
        ...rest,
        conversation.assistant,
        ...outcomeMessages(conversation.calledVia, proposal.calls, outcomes),
      ];
      const { value, usage } = await calls.ask('conclude', messages, {
        send: (request, step) => finalCompletion(conversation.budget, request, step),
        read: readFinal,
        withNote,
        howToFix: 'Reply with only the JSON object the schema describes.',
      });
      // The whole turn's tokens and requests, so the caller reports one number per ticket.
      return { ...value, usage: calls.counted(addUsage(proposal.usage ?? noUsage, usage), conversation.budget) };
    },
  };
}

interface ReadProposal {
  calls: ProposedCall[];
  assistant: ChatCompletionAssistantMessageParam;
  calledVia: Conversation['calledVia'];
}

function readProposal(completion: ChatCompletion): ReadProposal {
  const message = usableMessage(completion);
  const native = message.tool_calls ?? [];
  if (native.length > 0) {
    const calls: ProposedCall[] = [];
    // Ids a server left out are filled in on the assistant turn too, so the tool messages match it.
    const stamped: ChatCompletionMessageFunctionToolCall[] = native.map((tc, i) => {
      if (tc.type !== 'function') {
        throw deciderError('unknown_tool', `it made a ${tc.type} tool call, which is not an available tool`, { repairable: true });
      }
      const id = tc.id || `call_${i + 1}`;
      const args = parseArguments(tc.function.name, tc.function.arguments as unknown);
      calls.push({ id, name: tc.function.name, args });
      // Sent back as the API expects (a JSON string), whatever shape the server gave them in.
      return { id, type: 'function', function: { name: tc.function.name, arguments: JSON.stringify(args) } };
    });
    rejectUnknown(calls);
    return { calls, assistant: { role: 'assistant', content: message.content ?? null, tool_calls: stamped }, calledVia: 'tools' };
  }
  const content = message.content ?? '';
  const reading = readTextToolCalls(withoutThinking(content));
  if (reading.kind === 'unreadable') throw deciderError('malformed_tool_call', reading.why, { repairable: true });
  const calls = reading.kind === 'calls' ? reading.calls.map((c, i) => ({ id: `call_${i + 1}`, name: c.name, args: c.args })) : [];
  rejectUnknown(calls);
  // Prose with no call is a choice the loop handles (the policy engine picks the action), as with Gemini.
  return { calls, assistant: { role: 'assistant', content }, calledVia: 'text' };
}

/** Arguments as the API sends them (a JSON string); some servers send the object itself. */
function parseArguments(name: string, raw: unknown): unknown {
  if (raw !== null && typeof raw === 'object') return raw;
  if (typeof raw !== 'string' || !raw.trim()) return {};
  try {
    return JSON.parse(raw);
  } catch {
    throw deciderError('malformed_tool_call', `the arguments of its ${name} call were not valid JSON`, { repairable: true });
  }
}

function rejectUnknown(calls: ProposedCall[]): void {
  const unknown = calls.filter((c) => !isToolName(c.name)).map((c) => c.name);
  if (unknown.length > 0) {
    throw deciderError('unknown_tool', `it called ${unknown.join(', ')}, which is not an available tool`, { repairable: true });
  }
}

function readFinal(completion: ChatCompletion): FinalResult {
  return parseFinalResult(jsonObjectIn(withoutThinking(usableMessage(completion).content ?? '')));
}

/** Reasoning models served without a reasoning parser (qwen3, deepseek-r1) put their thoughts in content. */
function withoutThinking(text: string): string {
  return text.replace(/<think>[\s\S]*?<\/think>/g, '').replace(/\[THINK\][\s\S]*?\[\/THINK\]/g, '').trim();
}

/**
 * Small models fence JSON or wrap it in a sentence even when told not to; the object inside is what
 * they meant. The schema check that follows still decides whether it is usable.
 */
function jsonObjectIn(text: string): string {
  const fence = /```[a-zA-Z]*\s*\n?([\s\S]*?)\n?```/.exec(text);
  const body = (fence?.[1] ?? text).trim();
  if (body.startsWith('{')) return body;
  const start = body.indexOf('{');
  const end = body.lastIndexOf('}');
  return start >= 0 && end > start ? body.slice(start, end + 1) : body;
}

/** The first choice's message, or a repairable error saying why there is nothing to use. */
function usableMessage(completion: ChatCompletion): ChatCompletion['choices'][number]['message'] {
  const choice = completion.choices?.[0];
  if (!choice?.message) throw deciderError('empty_answer', 'it held no choices', { repairable: true });
  if (choice.finish_reason === 'content_filter') {
    throw deciderError('safety_block', 'it was stopped by the content filter', { repairable: true });
  }
  const { message } = choice;
  if (message.refusal) throw deciderError('refusal', `it refused (${message.refusal})`, { repairable: true });
  if (!message.tool_calls?.length && !message.content?.trim()) {
    throw deciderError('empty_answer', 'it was empty', { repairable: true });
  }
  return message;
}

/**
 * Native calls get one tool message per call id (the API requires every call answered); calls the
 * model wrote as text get their results in words, since a server that wrote them so may not
 * understand tool messages. Calls the system made on its own are told in words either way.
 */
function outcomeMessages(calledVia: Conversation['calledVia'], calls: ProposedCall[], outcomes: ToolOutcome[]): ChatCompletionMessageParam[] {
  if (calledVia === 'tools') {
    return [
      ...calls.map((call): ChatCompletionMessageParam => ({ role: 'tool', tool_call_id: call.id, content: JSON.stringify(callResult(call, outcomes)) })),
      { role: 'user', content: finalAsk('in the tool messages above', calls, outcomes) },
    ];
  }
  const results = calls.map((call) => ({ id: call.id, name: call.name, ...callResult(call, outcomes) }));
  const resultsText = calls.length ? `Results of your tool calls: ${JSON.stringify(results)}\n` : '';
  return [{ role: 'user', content: resultsText + finalAsk('above', calls, outcomes) }];
}

/** The same request with a note appended to its last user message (a new turn could break call/result pairing). */
function withNote(messages: ChatCompletionMessageParam[], note: string): ChatCompletionMessageParam[] {
  const last = messages[messages.length - 1];
  if (last?.role !== 'user' || typeof last.content !== 'string') return [...messages, { role: 'user', content: note }];
  return [...messages.slice(0, -1), { role: 'user', content: `${last.content}\n\n${note}` }];
}

/**
 * A gateway that took the request and then met an upstream failure (OpenRouter, once the model has
 * started) answers 200 with `{error: {code, message}}` and no choices. That is the server failing,
 * not the model answering badly: it is retried or surfaced as its status, never "repaired".
 */
function answered(completion: ChatCompletion): ChatCompletion {
  const error = (completion as { error?: unknown }).error;
  if (completion.choices?.length || error === null || typeof error !== 'object') return completion;
  const { code, message } = error as { code?: unknown; message?: unknown };
  const status = typeof code === 'number' ? code : Number.parseInt(String(code), 10);
  const said = typeof message === 'string' && message ? message : JSON.stringify(error);
  if (!Number.isInteger(status) || status < 400) return completion;
  throw deciderError(`http_${status}`, `the model server reported HTTP ${status} in its answer: ${said}`, { status, retryable: retryableStatus.has(status) });
}

function transportError(err: unknown, signal: AbortSignal, timeoutMs: number): MemdeskError<'decider_failed'> {
  // Already said in memdesk's words (an error the server put in a 200 body).
  if (hasCode(err, 'decider_failed')) return err;
  if (signal.aborted || err instanceof APIConnectionTimeoutError || err instanceof APIUserAbortError) {
    return deciderError('timeout', `the model server did not answer within ${timeoutMs} ms`, { cause: err, retryable: true });
  }
  // undici reports refused, reset and DNS failures alike; the SDK wraps them in APIConnectionError.
  if (err instanceof APIConnectionError) {
    return deciderError('network', `could not reach the model server: ${err.message}`, { cause: err, retryable: true });
  }
  if (err instanceof APIError && typeof err.status === 'number') {
    const retryAfterMs = retryAfterFromHeaders(err.headers);
    return deciderError(`http_${err.status}`, `the model server returned HTTP ${err.status}: ${err.message}`, {
      cause: err,
      status: err.status,
      retryable: retryableStatus.has(err.status),
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }
  return deciderError('sdk_error', err instanceof Error ? err.message : String(err), { cause: err });
}

function usageOf(completion: ChatCompletion): Usage {
  return { prompt_tokens: completion.usage?.prompt_tokens ?? 0, candidate_tokens: completion.usage?.completion_tokens ?? 0 };
}
