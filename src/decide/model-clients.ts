// The two model SDKs' clients, built one way for every use (deciding, drafting articles): everything
// they need is passed in, so neither SDK reads the environment behind config.ts's back, and neither
// retries on its own (the app's retry helper retries, once, in one place).
import { GoogleGenAI, type GoogleGenAIOptions } from '@google/genai';
import OpenAI from 'openai';
import { httpFetch } from '../http-fetch.js';

export interface ModelEndpoint {
  apiKey?: string | undefined;
  /** Overrides the API host (proxies, local servers, tests). */
  baseUrl?: string | undefined;
}

/**
 * The Gemini SDK sending through the lean transport (http-fetch.ts) rather than the global fetch: its
 * models API has no fetch option (only its experimental interactions client has one), so the one
 * method every request goes through, ApiClient.apiCall(url, requestInit) -> Response, is replaced on
 * this client's own ApiClient. It reads only ok, status, statusText, headers and json()/text() of the
 * answer (a streamed call would need a body, and memdesk makes none). test/decide/gemini-transport.test.ts
 * fails if a new SDK version stops sending through it.
 */
class GeminiOverHttp extends GoogleGenAI {
  constructor(options: GoogleGenAIOptions) {
    super(options);
    const api = this.apiClient as unknown as { apiCall?: unknown };
    if (typeof api.apiCall !== 'function') throw new Error('@google/genai has no ApiClient.apiCall to send through; see src/decide/model-clients.ts');
    api.apiCall = (url: string, init: RequestInit) => httpFetch(url, init as Parameters<typeof httpFetch>[1]);
  }
}

export function geminiClient(endpoint: ModelEndpoint): GoogleGenAI {
  return new GeminiOverHttp({ apiKey: endpoint.apiKey ?? '', ...(endpoint.baseUrl ? { httpOptions: { baseUrl: endpoint.baseUrl } } : {}) });
}

/**
 * Local servers (Ollama, vLLM, LM Studio) need no key; a placeholder is sent so the SDK accepts it.
 * It sends through the lean transport by its own `fetch` option (it reads a response's ok, status,
 * headers, json()/text(), and its body only to cancel a retried or streamed one; memdesk streams none).
 */
export function openAIClient(endpoint: ModelEndpoint & { timeoutMs?: number }): OpenAI {
  return new OpenAI({
    apiKey: endpoint.apiKey ?? 'not-needed',
    baseURL: endpoint.baseUrl ?? 'https://api.openai.com/v1',
    adminAPIKey: null,
    organization: null,
    project: null,
    webhookSecret: null,
    ...(endpoint.timeoutMs !== undefined ? { timeout: endpoint.timeoutMs } : {}),
    maxRetries: 0,
    fetch: httpFetch as unknown as typeof fetch,
  });
}
