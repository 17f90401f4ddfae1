// A local OpenAI-compatible server (POST /v1/chat/completions, as Ollama, vLLM and LM Studio serve
// it), so tests drive the real `openai` SDK over loopback. It checks requests the way real servers
// do (no streaming here, every tool call answered by a tool message with its id, json_schema only
// where the server has it) and answers either from a script, in order, or as a "model" that decides
// like memdesk's policy engine: with native tool calls, or writing the calls as text in `content`
// the way small local models do.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from '../../src/emulator/http-bodies.js';
import type { ProposedCall, ToolOutcome } from '../../src/core/ports.js';
import { createPolicyEngine } from '../../src/decide/policy-engine.js';
import { loadPolicy } from '../../src/core/policy.js';
import { assessPacket } from './assessment.js';
import { packetFromModelText } from './model-packet.js';

export interface ScriptedReply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Hold the reply this long; longer than the decider's timeout makes it time out. */
  delayMs?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: any;
  /** The client closed the connection before the reply was sent (it aborted the request). */
  abandoned: boolean;
}

export interface OpenAIServerOptions {
  /**
   * Who answers once the script is empty: `tools`, a careful model that decides like the policy
   * engine and uses the tools API; `text`, the same decisions written as a ```json list in content.
   * Without a model, running out of script is a 418 (never retried), so a test fails visibly.
   */
  model?: 'tools' | 'text';
  /** Older servers reject `response_format: json_schema` with a 400; false plays one. */
  jsonSchema?: boolean;
  /** vLLM started without a tool-call parser rejects `tools` with a 400; false plays it. */
  tools?: boolean;
  policyDir?: string;
}

export interface OpenAIServer {
  /** Pass as the SDK's `baseURL` (OPENAI_BASE_URL); it ends in /v1, as local servers' do. */
  baseUrl: string;
  requests: RecordedRequest[];
  reply(...replies: ScriptedReply[]): void;
  close(): Promise<void>;
}

export async function startOpenAIServer(opts: OpenAIServerOptions = {}): Promise<OpenAIServer> {
  const queue: ScriptedReply[] = [];
  const requests: RecordedRequest[] = [];
  const engine = opts.model ? createPolicyEngine(loadPolicy(opts.policyDir ?? 'policy')) : undefined;

  const server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      const body = raw ? JSON.parse(raw) : null;
      const recorded: RecordedRequest = { method: req.method ?? '', path, headers: req.headers, body, abandoned: false };
      requests.push(recorded);
      res.on('close', () => {
        if (!res.writableFinished) recorded.abandoned = true;
      });
      const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        if (res.destroyed) return; // the client gave up (timeout)
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(payload));
      };
      if (req.method !== 'POST' || path !== '/v1/chat/completions') {
        return send(404, errorBody(`openai-server: no route for ${req.method} ${path}`, 'invalid_request_error'));
      }
      const invalid = protocolError(body, opts);
      if (invalid) return send(400, errorBody(invalid, 'invalid_request_error'));
      const next = queue.shift();
      if (next) {
        const respond = () => send(next.status ?? 200, next.body ?? {}, next.headers);
        if (next.delayMs) setTimeout(respond, next.delayMs).unref();
        else respond();
        return;
      }
      if (!engine) return send(418, errorBody('openai-server: no scripted reply left', 'test_error'));
      answerAsModel(engine, opts.policyDir ?? 'policy', body, opts.model ?? 'tools').then(
        (completion) => send(200, completion),
        (err: unknown) => send(400, errorBody(String(err), 'invalid_request_error')),
      );
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    reply: (...replies) => queue.push(...replies),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** What a real server refuses with a 400: the checks memdesk's requests must pass. */
function protocolError(body: any, opts: OpenAIServerOptions): string | undefined {
  if (!body || typeof body.model !== 'string' || !Array.isArray(body.messages)) return 'model and messages are required';
  if (body.stream === true) return 'stream: this server answers only with stream off';
  if (body.tool_choice !== undefined && !body.tools) return 'tool_choice is only allowed when tools are specified';
  if (body.tools && opts.tools === false) return '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set';
  if (body.response_format?.type === 'json_schema') {
    if (opts.jsonSchema === false) return "response_format: 'json_schema' is not supported by this server";
    if (!body.response_format.json_schema?.name || typeof body.response_format.json_schema.schema !== 'object') {
      return 'response_format.json_schema needs a name and a schema';
    }
  }
  const messages = body.messages as any[];
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i];
    if (m.role === 'assistant' && Array.isArray(m.tool_calls) && m.tool_calls.length) {
      const answered = new Set<string>();
      for (let j = i + 1; j < messages.length && messages[j].role === 'tool'; j++) answered.add(messages[j].tool_call_id);
      const missing = m.tool_calls.filter((tc: any) => !answered.has(tc.id)).map((tc: any) => tc.id);
      if (missing.length) {
        return `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. Missing: ${missing.join(', ')}`;
      }
    }
    if (m.role === 'tool') {
      const before = messages.slice(0, i).reverse().find((x) => x.role !== 'tool');
      if (!before?.tool_calls?.some((tc: any) => tc.id === m.tool_call_id)) {
        return `Invalid parameter: messages with role 'tool' must be a response to a preceding message with 'tool_calls' (${m.tool_call_id})`;
      }
    }
  }
  return undefined;
}

/** The careful model: memdesk's own policy engine, reached through the protocol. */
async function answerAsModel(engine: ReturnType<typeof createPolicyEngine>, policyDir: string, body: any, style: 'tools' | 'text') {
  const messages = body.messages as any[];
  const packetMessage = messages.find((m) => m.role === 'user' && String(m.content).startsWith('Decision packet'));
  // The packet is one line of JSON; repair notes, if any, follow it after a blank line.
  const packetLine = String(packetMessage?.content ?? '').split('\n')[1] ?? '';
  const packet = packetFromModelText(packetLine);
  const assessment = assessPacket(packet, policyDir);
  const proposal = await engine.propose(packet, assessment);
  const assistant = messages.find((m) => m.role === 'assistant');
  if (!assistant) {
    // Without tools in the request a model can only write its calls as text.
    if (style === 'text' || !body.tools) {
      const written = proposal.calls.map((c) => ({ name: c.name, arguments: c.args }));
      return completion({ role: 'assistant', content: `I will take these actions:\n\`\`\`json\n${JSON.stringify(written, null, 2)}\n\`\`\`` }, 'stop');
    }
    return completion(
      {
        role: 'assistant',
        content: null,
        tool_calls: proposal.calls.map((c, i) => ({ id: `call_${i + 1}`, type: 'function', function: { name: c.name, arguments: JSON.stringify(c.args) } })),
      },
      'tool_calls',
    );
  }
  const outcomes: ToolOutcome[] = proposal.calls.map((call, i) => outcomeOf(call, resultFor(messages, `call_${i + 1}`)));
  const final = await engine.conclude(packet, proposal, outcomes, assessment);
  // Without structured output a small model tends to fence its JSON; the decider must cope.
  const content = body.response_format ? JSON.stringify(final) : `\`\`\`json\n${JSON.stringify(final)}\n\`\`\``;
  return completion({ role: 'assistant', content }, 'stop');
}

function resultFor(messages: any[], id: string): { result?: Record<string, unknown>; error?: string } | undefined {
  const tool = messages.find((m) => m.role === 'tool' && m.tool_call_id === id);
  if (tool) return JSON.parse(tool.content);
  const written = messages.find((m) => m.role === 'user' && String(m.content).startsWith('Results of your tool calls: '));
  if (!written) return undefined;
  const line = String(written.content).split('\n')[0]!.slice('Results of your tool calls: '.length);
  return (JSON.parse(line) as { id: string; result?: Record<string, unknown>; error?: string }[]).find((r) => r.id === id);
}

function outcomeOf(call: ProposedCall, r: { result?: Record<string, unknown>; error?: string } | undefined): ToolOutcome {
  return r?.error !== undefined
    ? { call, name: call.name, status: 'blocked', reason: r.error }
    : { call, name: call.name, status: 'executed', result: r?.result ?? {} };
}

// ---------- reply builders (shapes as Chat Completions returns them) ----------

export function usage(prompt_tokens: number, completion_tokens: number) {
  return { prompt_tokens, completion_tokens, total_tokens: prompt_tokens + completion_tokens };
}

export function completion(message: Record<string, unknown>, finish_reason: string, u = usage(100, 20)) {
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: 1_764_000_000,
    model: 'test-model',
    choices: [{ index: 0, message: { refusal: null, ...message }, finish_reason, logprobs: null }],
    usage: u,
  };
}

export interface ToolCallSpec {
  name: string;
  args: Record<string, unknown> | string;
  id?: string;
}

/** Native tool calls; string args are sent as given (to play a malformed one). */
export function toolCallsCompletion(calls: ToolCallSpec[], u = usage(100, 20)) {
  return completion(
    {
      role: 'assistant',
      content: null,
      tool_calls: calls.map((c, i) => ({
        id: c.id ?? `call_srv_${i + 1}`,
        type: 'function',
        function: { name: c.name, arguments: typeof c.args === 'string' ? c.args : JSON.stringify(c.args) },
      })),
    },
    'tool_calls',
    u,
  );
}

export function textCompletion(text: string, u = usage(120, 40)) {
  return completion({ role: 'assistant', content: text }, 'stop', u);
}

export function jsonCompletion(value: unknown, u = usage(120, 40)) {
  return textCompletion(JSON.stringify(value), u);
}

/** OpenAI's error body. */
export function errorBody(message: string, type = 'server_error', code: string | null = null) {
  return { error: { message, type, param: null, code } };
}
