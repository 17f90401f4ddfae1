// The Gemini decider: call 1 lets the model propose tool calls, call 2 hands it the tool
// outcomes and takes back the final JSON. Calls are scheduled and retried by model-calls.ts; a bad
// answer gets one repair attempt; anything else surfaces as a decider_failed error with a short reason.
import { ApiError, FunctionCallingConfigMode, type Content, type GenerateContentConfig, type GenerateContentResponse, type Part } from '@google/genai';
import type { Assessment } from '../core/assess.js';
import type { Conclusion, Decider, DecisionPacket, Proposal, ProposedCall, ToolOutcome, Usage } from '../core/ports.js';
import { isToolName, toolJsonSchemas, type FinalResult, type ToolName } from '../core/tools.js';
import type { MemdeskError } from '../errors.js';
import { deciderError } from './decider-error.js';
import { geminiClient } from './model-clients.js';
import { modelCalls, roughTokens, type CallBudget, type ModelDeciderOptions } from './model-calls.js';
import { addUsage, callResult, finalAsk, finalJsonSchema, noUsage, offeredTools, packetToConclude, packetTurn, parseFinalResult, systemText } from './model-prompt.js';

export interface GeminiDeciderOptions extends ModelDeciderOptions {
  apiKey: string;
  model: string;
  /** Overrides the API host (proxies, tests); the SDK appends `/v1beta/models/…`. */
  baseUrl?: string;
}

/** What propose leaves in Proposal.state for conclude: the conversation so far and the turn's call budget. */
interface Conversation {
  contents: Content[];
  modelTurn: Content;
  budget: CallBudget;
}

const retryableStatus = new Set([408, 429, 500, 502, 503, 504]);
const blockedFinish = new Set(['SAFETY', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'RECITATION', 'IMAGE_SAFETY', 'IMAGE_PROHIBITED_CONTENT']);

export function createGeminiDecider(options: GeminiDeciderOptions): Decider & { readonly model: string } {
  const ai = geminiClient(options);
  const calls = modelCalls<GenerateContentResponse>({ ...options, service: 'gemini', timeoutMs: options.timeoutMs ?? 30_000, usageOf, transportError });
  const functionDeclarations = (offered: ToolName[]) =>
    toolJsonSchemas(offered).map((t) => ({
      name: t.name,
      description: t.description,
      parametersJsonSchema: t.parameters,
    }));

  function generate(step: string, budget: CallBudget, contents: Content[], config: GenerateContentConfig): Promise<GenerateContentResponse> {
    return calls.send(step, budget, roughTokens([config.systemInstruction, config.tools, contents]), (abortSignal) =>
      ai.models.generateContent({ model: options.model, contents, config: { ...config, abortSignal } }),
    );
  }

  /** The ask steps for one kind of request: the contents vary (a repair adds a note), the config does not. */
  const steps = <T>(budget: CallBudget, config: GenerateContentConfig, read: (r: GenerateContentResponse) => T, howToFix: string) => ({
    send: (contents: Content[], step: string) => generate(step, budget, contents, config),
    read,
    withNote,
    howToFix,
  });

  return {
    name: 'gemini',
    model: options.model,

    async propose(packet: DecisionPacket, assessment: Assessment): Promise<Proposal> {
      const budget = calls.budgetFor(assessment);
      const offered = offeredTools(assessment);
      const contents: Content[] = [{ role: 'user', parts: [{ text: packetTurn(packet, assessment) }] }];
      const config: GenerateContentConfig = {
        systemInstruction: systemText(packet),
        tools: [{ functionDeclarations: functionDeclarations(offered) }],
        toolConfig: { functionCallingConfig: { mode: FunctionCallingConfigMode.AUTO } },
      };
      const { value, usage, sent } = await calls.ask('propose', contents, steps(budget, config, readProposal, `Call only these tools: ${offered.join(', ')}.`));
      const state: Conversation = { contents: sent, modelTurn: value.modelTurn, budget };
      return { calls: value.calls, usage: calls.counted(usage, budget), state };
    },

    async conclude(packet: DecisionPacket, proposal: Proposal, outcomes: ToolOutcome[], assessment: Assessment): Promise<Conclusion> {
      const conversation = proposal.state as Conversation | undefined;
      if (!conversation?.contents || !conversation.modelTurn || !conversation.budget) {
        throw deciderError('missing_state', 'conclude needs the proposal that this decider made');
      }
      // The first user turn carries the packet as call 2 needs it (any repair note after it stays);
      // the model's own turn is resent as it came, thought signatures included.
      const [asked, ...rest] = conversation.contents;
      const contents: Content[] = [
        { role: 'user', parts: [{ text: packetTurn(packetToConclude(packet, outcomes), assessment) }, ...(asked?.parts ?? []).slice(1)] },
        ...rest,
        conversation.modelTurn,
        { role: 'user', parts: outcomeParts(proposal.calls, outcomes) },
      ];
      const config: GenerateContentConfig = {
        systemInstruction: systemText(packet, 'conclude'),
        responseMimeType: 'application/json',
        responseJsonSchema: finalJsonSchema,
      };
      const { value, usage } = await calls.ask(
        'conclude',
        contents,
        steps(conversation.budget, config, readFinal, 'Reply with only the JSON object the schema describes.'),
      );
      // The whole turn's tokens and requests, so the caller reports one number per ticket.
      return { ...value, usage: calls.counted(addUsage(proposal.usage ?? noUsage, usage), conversation.budget) };
    },
  };
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
  return parseFinalResult(text);
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
  const responses = calls.map((call): Part => ({ functionResponse: { id: call.id, name: call.name, response: callResult(call, outcomes) } }));
  return [...responses, { text: finalAsk('in the function responses above', calls, outcomes) }];
}

/** The same request with a note appended to its last user turn (a new turn could break call/response pairing). */
function withNote(contents: Content[], note: string): Content[] {
  const last = contents[contents.length - 1];
  if (last?.role !== 'user') return [...contents, { role: 'user', parts: [{ text: note }] }];
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
      status: err.status,
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
