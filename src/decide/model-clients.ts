// The two model SDKs' clients, built one way for every use (deciding, drafting articles): everything
// they need is passed in, so neither SDK reads the environment behind config.ts's back, and neither
// retries on its own (the app's retry helper retries, once, in one place).
import { GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';

export interface ModelEndpoint {
  apiKey?: string | undefined;
  /** Overrides the API host (proxies, local servers, tests). */
  baseUrl?: string | undefined;
}

export function geminiClient(endpoint: ModelEndpoint): GoogleGenAI {
  return new GoogleGenAI({ apiKey: endpoint.apiKey ?? '', ...(endpoint.baseUrl ? { httpOptions: { baseUrl: endpoint.baseUrl } } : {}) });
}

/** Local servers (Ollama, vLLM, LM Studio) need no key; a placeholder is sent so the SDK accepts it. */
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
  });
}
