// The Gemini decider: call 1 lets the model propose tool calls, call 2 hands it the tool
// outcomes and takes back the final JSON. Transient failures are retried; a bad answer
// gets one repair attempt; anything else surfaces as a decider_failed error with a short reason.
import { ApiError, FunctionCallingConfigMode, GoogleGenAI, type Content, type GenerateContentConfig, type GenerateContentResponse, type Part } from '@google/genai';
import { z } from 'zod';
import type { Decider, DecisionPacket, PacketMemory, Proposal, ProposedCall, ToolOutcome, Usage } from '../core/ports.js';
import { finalResultSchema, isToolName, toolJsonSchemas, toolNames, type FinalResult } from '../core/tools.js';
import { hasCode, MemdeskError } from '../errors.js';
import type { Logger } from '../log.js';
import { withRetry, type RetryOptions } from '../retry.js';

/** Why the model decider gave up. `reason` is a short stable slug (http_500, timeout, unknown_tool, …). */
function deciderError(
  reason: string,
  message: string,
  options: { cause?: unknown; retryable?: boolean; repairable?: boolean; retryAfterMs?: number } = {},
): MemdeskError<'decider_failed'> {
  const { cause, retryable = false, repairable = false, retryAfterMs } = options;
  return new MemdeskError(
    'decider_failed',
    message,
    { reason, retryable, repairable, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) },
    { cause },
  );
}

export interface GeminiDeciderOptions {
  apiKey: string;
  model: string;
  /** Overrides the API host (proxies, tests); the SDK appends `/v1beta/models/…`. */
  baseUrl?: string;
  logger?: Logger;
  /** Per model request, retries excluded. */
  timeoutMs?: number;
  retry?: Partial<Pick<RetryOptions, 'attempts' | 'baseMs' | 'maxMs' | 'sleep' | 'random'>>;
}

/** What propose leaves in Proposal.state for conclude: the conversation so far. */
interface Conversation {
  contents: Content[];
  modelTurn: Content;
}

const retryableStatus = new Set([408, 429, 500, 502, 503, 504]);
const blockedFinish = new Set(['SAFETY', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'RECITATION', 'IMAGE_SAFETY', 'IMAGE_PROHIBITED_CONTENT']);

/** A model's final JSON also carries its own reading of the message; the record keeps it. */
const modelFinalSchema = finalResultSchema.required({ issue_type: true, severity: true, language: true });

const finalJsonSchema = (() => {
  const json = z.toJSONSchema(modelFinalSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
})();

const finalAsk =
  'The tools have run; their results are in the function responses above. Reply with only the final JSON object: ' +
  'customer_response (what the customer is told, consistent with what actually ran), decision_summary, handoff_brief ' +
  '(empty string if no human is involved), mem0_value (how remembered context changed the action, or "none"), ' +
  'tools_executed (names of the tools that executed), and your own reading of the message: issue_type, ' +
  'severity (production_blocked, many_users, data_loss, security) and language (the customer\'s language). ' +
  "Write customer_response in the customer's language; write handoff_brief in English and name the customer's language in it.";

export function createGeminiDecider(options: GeminiDeciderOptions): Decider {
  const ai = new GoogleGenAI({
    apiKey: options.apiKey,
    ...(options.baseUrl ? { httpOptions: { baseUrl: options.baseUrl } } : {}),
  });
  const timeoutMs = options.timeoutMs ?? 30_000;
  const log = options.logger;
  const functionDeclarations = toolJsonSchemas().map((t) => ({
    name: t.name,
    description: t.description,
    parametersJsonSchema: t.parameters,
  }));

  async function generate(step: string, contents: Content[], config: GenerateContentConfig): Promise<GenerateContentResponse> {
    return withRetry(
      async () => {
        const signal = AbortSignal.timeout(timeoutMs);
        const started = Date.now();
        try {
          const response = await ai.models.generateContent({ model: options.model, contents, config: { ...config, abortSignal: signal } });
          log?.debug({ step, ms: Date.now() - started, usage: response.usageMetadata }, 'gemini answered');
          return response;
        } catch (err) {
          throw transportError(err, signal, timeoutMs);
        }
      },
      {
        attempts: options.retry?.attempts ?? 3,
        baseMs: options.retry?.baseMs ?? 500,
        maxMs: options.retry?.maxMs ?? 5_000,
        ...(options.retry?.sleep ? { sleep: options.retry.sleep } : {}),
        ...(options.retry?.random ? { random: options.retry.random } : {}),
        isRetryable: (err) => hasCode(err, 'decider_failed') && err.detail.retryable,
        onRetry: ({ err, attempt, delayMs }) =>
          log?.warn({ step, attempt, delayMs, reason: hasCode(err, 'decider_failed') ? err.detail.reason : 'unexpected_error' }, 'gemini call failed; retrying'),
      },
    );
  }

  /** One model call, and if its answer is unusable, one more with a note saying what was wrong. */
  async function ask<T>(
    step: string,
    contents: Content[],
    config: GenerateContentConfig,
    read: (response: GenerateContentResponse) => T,
    howToFix: string,
  ): Promise<{ value: T; usage: Usage; sent: Content[] }> {
    let usage: Usage = { prompt_tokens: 0, candidate_tokens: 0 };
    const first = await generate(step, contents, config);
    usage = addUsage(usage, usageOf(first));
    try {
      return { value: read(first), usage, sent: contents };
    } catch (err) {
      if (!(hasCode(err, 'decider_failed') && err.detail.repairable)) throw err;
      log?.warn({ step, reason: err.detail.reason, detail: err.message }, 'gemini answer unusable; asking once more');
      const note = `Your previous reply could not be used: ${err.message}. ${howToFix}`;
      const repaired = withNote(contents, note);
      const second = await generate(`${step}:repair`, repaired, config);
      usage = addUsage(usage, usageOf(second));
      return { value: read(second), usage, sent: repaired };
    }
  }

  return {
    name: 'gemini',

    async propose(packet: DecisionPacket): Promise<Proposal> {
      const contents: Content[] = [{ role: 'user', parts: [{ text: `Decision packet (JSON):\n${packetForModel(packet)}` }] }];
      const config: GenerateContentConfig = {
        systemInstruction: systemText(packet),
        tools: [{ functionDeclarations }],
        toolConfig: { functionCallingConfig: { mode: FunctionCallingConfigMode.AUTO } },
      };
      const { value, usage, sent } = await ask('propose', contents, config, readProposal, `Call only these tools: ${toolNames.join(', ')}.`);
      const state: Conversation = { contents: sent, modelTurn: value.modelTurn };
      return { calls: value.calls, usage, state };
    },

    async conclude(packet: DecisionPacket, proposal: Proposal, outcomes: ToolOutcome[]): Promise<FinalResult & { usage?: Usage }> {
      const conversation = proposal.state as Conversation | undefined;
      if (!conversation?.contents || !conversation.modelTurn) {
        throw deciderError('missing_state', 'conclude needs the proposal that this decider made');
      }
      const contents: Content[] = [
        ...conversation.contents,
        conversation.modelTurn,
        { role: 'user', parts: outcomeParts(proposal.calls, outcomes) },
      ];
      const config: GenerateContentConfig = {
        systemInstruction: systemText(packet),
        responseMimeType: 'application/json',
        responseJsonSchema: finalJsonSchema,
      };
      const { value, usage } = await ask('conclude', contents, config, readFinal, 'Reply with only the JSON object the schema describes.');
      // The whole turn's tokens, so the caller reports one number per ticket.
      return { ...value, usage: addUsage(proposal.usage ?? { prompt_tokens: 0, candidate_tokens: 0 }, usage) };
    },
  };
}

function systemText(packet: DecisionPacket): string {
  return `${packet.instructions}\n\n${packet.policy_text}`;
}

/** The packet as the model sees it. Fields are picked, not spread, so nothing new leaks in by accident. */
function packetForModel(p: DecisionPacket): string {
  const memory = (m: PacketMemory) =>
    m.metadata && Object.keys(m.metadata).length > 0
      ? { id: m.id, memory: m.memory, created_at: m.created_at, metadata: m.metadata }
      : { id: m.id, memory: m.memory, created_at: m.created_at };
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
    message_truncated: p.message_truncated,
    memory_enabled: p.memory_enabled,
    memory_unavailable: p.memory_unavailable,
    memories: { customer: p.memories.customer.map(memory), account: p.memories.account.map(memory) },
    ticket_state: p.ticket_state,
  });
}

function readProposal(response: GenerateContentResponse): { calls: ProposedCall[]; modelTurn: Content } {
  const parts = usableParts(response);
  const unknown = parts.flatMap((p) => (p.functionCall && !isToolName(p.functionCall.name ?? '') ? [p.functionCall.name ?? '(unnamed)'] : []));
  if (unknown.length > 0) {
    throw deciderError('unknown_tool', `it called ${unknown.join(', ')}, which is not an available tool`, { repairable: true });
  }
  const calls: ProposedCall[] = [];
  // Ids the model left out are filled in on its own turn too, so call 2's responses match it.
  const stamped = parts.map((part): Part => {
    if (!part.functionCall) return part;
    const id = part.functionCall.id ?? `call_${calls.length + 1}`;
    calls.push({ id, name: part.functionCall.name ?? '', args: part.functionCall.args ?? {} });
    return { ...part, functionCall: { ...part.functionCall, id } };
  });
  return { calls, modelTurn: { role: 'model', parts: stamped } };
}

function readFinal(response: GenerateContentResponse): FinalResult {
  const text = usableParts(response)
    .filter((p) => typeof p.text === 'string' && !p.thought)
    .map((p) => p.text)
    .join('')
    .trim();
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

/** The first candidate's parts, or a repairable error saying why there is nothing to use. */
function usableParts(response: GenerateContentResponse): Part[] {
  const blockReason = response.promptFeedback?.blockReason;
  if (blockReason) throw deciderError('safety_block', `the prompt was blocked (${blockReason})`, { repairable: true });
  const candidate = response.candidates?.[0];
  if (!candidate) throw deciderError('empty_answer', 'it held no candidates', { repairable: true });
  const finish = candidate.finishReason ?? '';
  if (blockedFinish.has(finish)) throw deciderError('safety_block', `it was stopped (${finish})`, { repairable: true });
  if (finish === 'MALFORMED_FUNCTION_CALL') {
    throw deciderError('malformed_function_call', 'its function call was malformed', { repairable: true });
  }
  const parts = candidate.content?.parts ?? [];
  if (!parts.some((p) => p.functionCall || (p.text && !p.thought))) {
    throw deciderError('empty_answer', 'it was empty', { repairable: true });
  }
  return parts;
}

/** One functionResponse per proposed call (Gemini expects every call answered), then the ask. */
function outcomeParts(calls: ProposedCall[], outcomes: ToolOutcome[]): Part[] {
  const responses = calls.map((call): Part => {
    const outcome = outcomes.find((o) => o.call.id === call.id);
    const response =
      outcome?.status === 'executed'
        ? { result: outcome.result ?? {} }
        : { error: outcome?.reason ?? (outcome ? 'blocked' : 'not run') };
    return { functionResponse: { id: call.id, name: call.name, response } };
  });
  // Calls the system made on its own have no function call to answer; tell the model in words.
  const extra = outcomes.filter((o) => !calls.some((c) => c.id === o.call.id));
  const extraText = extra.length
    ? `\nThe system also ran: ${JSON.stringify(extra.map((o) => ({ name: o.name, status: o.status, reason: o.reason, result: o.result })))}`
    : '';
  return [...responses, { text: finalAsk + extraText }];
}

/** The same request with a note appended to its last user turn (a new turn could break call/response pairing). */
function withNote(contents: Content[], note: string): Content[] {
  const last = contents[contents.length - 1];
  if (!last || last.role !== 'user') return [...contents, { role: 'user', parts: [{ text: note }] }];
  return [...contents.slice(0, -1), { ...last, parts: [...(last.parts ?? []), { text: note }] }];
}

function transportError(err: unknown, signal: AbortSignal, timeoutMs: number): MemdeskError<'decider_failed'> {
  if (signal.aborted) {
    return deciderError('timeout', `Gemini did not answer within ${timeoutMs} ms`, { cause: err, retryable: true });
  }
  if (err instanceof ApiError) {
    const body = errorBody(err.message);
    return deciderError(`http_${err.status}`, `Gemini returned HTTP ${err.status}: ${body?.message ?? err.message}`, {
      cause: err,
      retryable: retryableStatus.has(err.status),
      ...(body?.retryAfterMs !== undefined ? { retryAfterMs: body.retryAfterMs } : {}),
    });
  }
  // undici reports refused, reset and DNS failures alike as a TypeError("fetch failed").
  if (err instanceof TypeError) {
    return deciderError('network', `could not reach Gemini: ${err.message}`, { cause: err, retryable: true });
  }
  return deciderError('sdk_error', err instanceof Error ? err.message : String(err), { cause: err });
}

/** The SDK puts Gemini's JSON error body in the message; a 429's RetryInfo says how long to wait. */
function errorBody(message: string): { message?: string; retryAfterMs?: number } | undefined {
  try {
    const error = (JSON.parse(message) as { error?: { message?: string; details?: { '@type'?: string; retryDelay?: string }[] } }).error;
    const delay = error?.details?.find((d) => d['@type']?.endsWith('RetryInfo'))?.retryDelay;
    const seconds = delay ? Number.parseFloat(delay) : Number.NaN;
    return {
      ...(error?.message ? { message: error.message } : {}),
      ...(Number.isFinite(seconds) ? { retryAfterMs: Math.round(seconds * 1000) } : {}),
    };
  } catch {
    return undefined;
  }
}

function usageOf(response: GenerateContentResponse): Usage {
  return {
    prompt_tokens: response.usageMetadata?.promptTokenCount ?? 0,
    candidate_tokens: response.usageMetadata?.candidatesTokenCount ?? 0,
  };
}

function addUsage(a: Usage, b: Usage): Usage {
  return { prompt_tokens: a.prompt_tokens + b.prompt_tokens, candidate_tokens: a.candidate_tokens + b.candidate_tokens };
}
