// A local stand-in for Gemini's REST API, so tests drive the real @google/genai SDK over
// loopback. Each test scripts the replies in order and then inspects what the SDK sent.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from '../../src/emulator/http-bodies.js';

export interface ScriptedReply {
  status?: number;
  body?: unknown;
  /** Hold the reply this long; longer than the decider's timeout makes it time out. */
  delayMs?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The model named in the path, e.g. `gemini-test` from `/v1beta/models/gemini-test:generateContent`. */
  model: string | null;
  body: any;
  /** When it arrived (Date.now()). */
  at: number;
  /** The client closed the connection before the reply was sent (it aborted the request). */
  abandoned: boolean;
}

export interface GeminiServer {
  /** Pass as `httpOptions.baseUrl`; the SDK appends `/v1beta/models/{model}:generateContent`. */
  baseUrl: string;
  requests: RecordedRequest[];
  /** Connections a client holds open to it now (kept-alive ones included). */
  openConnections(): number;
  reply(...replies: ScriptedReply[]): void;
  close(): Promise<void>;
}

const generateContentPath = /^\/v1beta\/models\/([^/:]+):generateContent$/;

export async function startGeminiServer(): Promise<GeminiServer> {
  const queue: ScriptedReply[] = [];
  const requests: RecordedRequest[] = [];

  const server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      const match = generateContentPath.exec(path);
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        path,
        headers: req.headers,
        model: match?.[1] ?? null,
        body: raw ? JSON.parse(raw) : null,
        at: Date.now(),
        abandoned: false,
      };
      requests.push(recorded);
      res.on('close', () => {
        if (!res.writableFinished) recorded.abandoned = true;
      });
      const send = (status: number, body: unknown) => {
        if (res.destroyed) return; // the client gave up (timeout)
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.method !== 'POST' || !match) {
        send(404, apiError(404, `gemini-server: no route for ${req.method} ${path}`));
        return;
      }
      const next = queue.shift();
      // 418 is never retried, so a test that runs out of script fails fast and visibly.
      if (!next) {
        send(418, apiError(418, 'gemini-server: no scripted reply left'));
        return;
      }
      const respond = () => send(next.status ?? 200, next.body ?? {});
      if (next.delayMs) setTimeout(respond, next.delayMs).unref();
      else respond();
    });
  });

  let connections = 0;
  server.on('connection', (socket) => {
    connections++;
    socket.on('close', () => connections--);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    openConnections: () => connections,
    reply: (...replies) => queue.push(...replies),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// ---------- reply builders (shapes as Gemini's REST API returns them) ----------

export function usageMetadata(promptTokenCount: number, candidatesTokenCount: number) {
  return { promptTokenCount, candidatesTokenCount, totalTokenCount: promptTokenCount + candidatesTokenCount };
}

export interface FunctionCallSpec {
  name: string;
  args: Record<string, unknown>;
  id?: string;
}

export function functionCallResponse(calls: FunctionCallSpec[], usage = usageMetadata(100, 20)) {
  return {
    candidates: [
      {
        content: { role: 'model', parts: calls.map((c) => ({ functionCall: c })) },
        finishReason: 'STOP',
        index: 0,
      },
    ],
    usageMetadata: usage,
    modelVersion: 'gemini-test',
  };
}

export function textResponse(text: string, usage = usageMetadata(120, 40)) {
  return {
    candidates: [{ content: { role: 'model', parts: [{ text }] }, finishReason: 'STOP', index: 0 }],
    usageMetadata: usage,
    modelVersion: 'gemini-test',
  };
}

export function jsonResponse(value: unknown, usage = usageMetadata(120, 40)) {
  return textResponse(JSON.stringify(value), usage);
}

/** A candidate stopped by the safety filter: no content parts, finishReason SAFETY. */
export function safetyBlockedResponse(usage = usageMetadata(100, 0)) {
  return {
    candidates: [
      {
        finishReason: 'SAFETY',
        index: 0,
        safetyRatings: [{ category: 'HARM_CATEGORY_HARASSMENT', probability: 'HIGH', blocked: true }],
      },
    ],
    usageMetadata: usage,
  };
}

/** No candidates at all, as when the prompt itself is blocked or the model returns nothing. */
export function emptyResponse(usage = usageMetadata(100, 0)) {
  return { usageMetadata: usage };
}

/** Gemini's error body; `retryDelay` adds the RetryInfo detail that a 429 carries. */
export function apiError(code: number, message: string, retryDelay?: string) {
  const status = code === 429 ? 'RESOURCE_EXHAUSTED' : code >= 500 ? 'INTERNAL' : 'INVALID_ARGUMENT';
  const details = retryDelay ? [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay }] : undefined;
  return { error: { code, message, status, ...(details ? { details } : {}) } };
}
