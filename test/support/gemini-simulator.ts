// A stand-in Gemini that answers any decision packet the way a well-behaved model would (it asks
// memdesk's own policy engine), over Gemini's REST protocol, failing a chosen share of calls with
// 500s and 429s, and taking as long as a chosen latency (per call, from the ticket's message: a real
// model's seconds in the realistic bench, one slow ticket in the worker tests). Load and chaos runs
// use it; unit tests script exact replies with gemini-server.ts.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from '../../src/emulator/http-bodies.js';
import type { ProposedCall, ToolOutcome } from '../../src/core/ports.js';
import { createPolicyEngine } from '../../src/decide/policy-engine.js';
import { loadPolicy } from '../../src/core/policy.js';
import { assess } from '../../src/core/assess.js';
import { TrainedReader } from '../../src/reader/trained-reader.js';
import { packetFromModelText } from './model-packet.js';

interface Part {
  text?: string;
  functionCall?: { id?: string; name: string; args: unknown };
  functionResponse?: { id?: string; name: string; response: { result?: Record<string, unknown>; error?: string } };
}
interface Content {
  role: string;
  parts: Part[];
}

export interface GeminiSimulator {
  baseUrl: string;
  /** Requests received; of those failed (500s), rate limited (429s) and abandoned: the client left before the answer (a hedge's loser, aborted). */
  stats: { calls: number; failed: number; rateLimited: number; abandoned: number };
  close(): Promise<void>;
}

export interface GeminiSimulatorOptions {
  /** Share of calls answered 500 or 429 (half each). */
  failureRate?: number;
  /** Share of calls answered 429 RESOURCE_EXHAUSTED (without RetryInfo), besides failureRate. */
  rateLimitRate?: number;
  /** How long an answered call takes, in ms, given the ticket's message; default at once. */
  latencyMs?: (message: string) => number;
  random?: () => number;
  policyDir?: string;
  port?: number;
}

export async function startGeminiSimulator(opts: GeminiSimulatorOptions = {}): Promise<GeminiSimulator> {
  const policy = loadPolicy(opts.policyDir ?? 'policy');
  const engine = createPolicyEngine(policy);
  // Loaded once: the realistic bench sends it a hundred calls a second.
  const reader = TrainedReader.load();
  const random = opts.random ?? Math.random;
  const stats = { calls: 0, failed: 0, rateLimited: 0, abandoned: 0 };
  const usageMetadata = { promptTokenCount: 900, candidatesTokenCount: 120, totalTokenCount: 1020 };

  /** The answer to a request, or undefined when its client left while the model "thought" (no work for nobody). */
  async function answer(contents: Content[], left: () => boolean) {
    const first = contents[0]?.parts.find((p) => p.text?.startsWith('Decision packet'))?.text ?? '';
    const packet = packetFromModelText(first.slice(first.indexOf('{')));
    const delay = opts.latencyMs?.(packet.message ?? '') ?? 0;
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    if (left()) return undefined;
    const assessment = assess(packet, reader.read({ text: packet.message }), policy.rules, reader, []);
    const proposal = await engine.propose(packet, assessment);
    const modelTurn = contents.find((c) => c.role === 'model');
    if (!modelTurn) {
      return { candidates: [{ content: { role: 'model', parts: proposal.calls.map((c) => ({ functionCall: { id: c.id, name: c.name, args: c.args } })) }, finishReason: 'STOP', index: 0 }], usageMetadata };
    }
    const calls: ProposedCall[] = modelTurn.parts.filter((p) => p.functionCall).map((p, i) => ({ id: p.functionCall!.id ?? `call_${i + 1}`, name: p.functionCall!.name, args: p.functionCall!.args }));
    const responses = contents.flatMap((c) => c.parts).filter((p) => p.functionResponse);
    const outcomes: ToolOutcome[] = calls.map((call) => {
      const r = responses.find((p) => p.functionResponse!.id === call.id)?.functionResponse;
      return r?.response.error !== undefined
        ? { call, name: call.name, status: 'blocked', reason: r.response.error }
        : { call, name: call.name, status: 'executed', result: r?.response.result ?? {} };
    });
    const final = await engine.conclude(packet, proposal, outcomes, assessment);
    return { candidates: [{ content: { role: 'model', parts: [{ text: JSON.stringify(final) }] }, finishReason: 'STOP', index: 0 }], usageMetadata };
  }

  const server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      stats.calls++;
      const send = (status: number, body: unknown) => {
        if (res.destroyed) return;
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (random() < (opts.failureRate ?? 0)) {
        stats.failed++;
        const code = random() < 0.5 ? 500 : 429;
        return send(code, { error: { code, message: 'simulated failure', status: code === 429 ? 'RESOURCE_EXHAUSTED' : 'INTERNAL' } });
      }
      if (opts.rateLimitRate && random() < opts.rateLimitRate) {
        stats.rateLimited++;
        return send(429, { error: { code: 429, message: 'simulated rate limit', status: 'RESOURCE_EXHAUSTED' } });
      }
      const body = JSON.parse(raw) as { contents: Content[] };
      let left = false;
      res.on('close', () => {
        if (res.writableFinished) return;
        left = true;
        stats.abandoned++;
      });
      answer(body.contents, () => left).then(
        (r) => {
          if (r) send(200, r);
        },
        (err: unknown) => send(400, { error: { code: 400, message: String(err), status: 'INVALID_ARGUMENT' } }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
