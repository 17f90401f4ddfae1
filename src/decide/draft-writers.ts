// The gap loop's draft writers: the configured model (Gemini, or the OpenAI-compatible decider's model)
// writes a help-center article from a question and the staff resolution that answered it. One request,
// JSON out, checked here; any failure throws and the gap keeps its extractive draft (knowledge-gaps.ts).
import { GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import { z } from 'zod';
import type { DraftWriter } from '../core/knowledge.js';
import { deciderError } from './decider-error.js';

const instructions = [
  'You write help-center articles for a B2B project-management product.',
  'From a customer question and the resolution support staff gave, write ONE short article another customer could follow.',
  'Title: what a customer would search for, at most 80 characters, no trailing punctuation.',
  'Body (Markdown, 60–300 words): one short paragraph saying what the article covers, then "## Steps" with numbered steps when the resolution has steps.',
  'Use only facts in the resolution. Never invent settings, menu names, links, prices, timelines or promises.',
  'No greetings, no names of people or companies, no email addresses, no ticket or account details.',
  'Reply with only a JSON object: {"title": "…", "body": "…"}.',
].join('\n');

const draftSchema = z.object({ title: z.string().trim().min(3).max(200), body: z.string().trim().min(20).max(8000) });
const draftJsonSchema = {
  type: 'object',
  properties: { title: { type: 'string' }, body: { type: 'string' } },
  required: ['title', 'body'],
} as const;

const userText = (input: { question: string; resolution: string }): string => `Customer question:\n${input.question}\n\nStaff resolution:\n${input.resolution}`;

function readDraft(service: string, text: string | undefined | null): { title: string; body: string } {
  let raw: unknown;
  try {
    raw = JSON.parse((text ?? '').replace(/^```(?:json)?\s*|\s*```$/g, ''));
  } catch {
    throw deciderError('bad_draft', `${service} did not answer the draft with JSON`);
  }
  const parsed = draftSchema.safeParse(raw);
  if (!parsed.success) throw deciderError('bad_draft', `${service}'s draft has no usable title and body`);
  return parsed.data;
}

export interface DraftWriterOptions {
  model: string;
  apiKey?: string;
  baseUrl?: string;
  timeoutMs?: number;
}

export function createGeminiDraftWriter(options: DraftWriterOptions): DraftWriter {
  const ai = new GoogleGenAI({ apiKey: options.apiKey ?? '', ...(options.baseUrl ? { httpOptions: { baseUrl: options.baseUrl } } : {}) });
  return {
    model: options.model,
    async write(input) {
      const response = await ai.models.generateContent({
        model: options.model,
        contents: [{ role: 'user', parts: [{ text: userText(input) }] }],
        config: { systemInstruction: instructions, responseMimeType: 'application/json', responseJsonSchema: draftJsonSchema, abortSignal: AbortSignal.timeout(options.timeoutMs ?? 30_000) },
      });
      return readDraft('gemini', response.text);
    },
  };
}

export function createOpenAIDraftWriter(options: DraftWriterOptions): DraftWriter {
  const client = new OpenAI({
    apiKey: options.apiKey ?? 'not-needed',
    baseURL: options.baseUrl ?? 'https://api.openai.com/v1',
    adminAPIKey: null,
    organization: null,
    project: null,
    maxRetries: 1,
  });
  return {
    model: options.model,
    async write(input) {
      const completion = await client.chat.completions.create(
        {
          model: options.model,
          messages: [
            { role: 'system', content: instructions },
            { role: 'user', content: userText(input) },
          ],
          response_format: { type: 'json_object' },
        },
        { signal: AbortSignal.timeout(options.timeoutMs ?? 30_000) },
      );
      return readDraft('the openai-compatible model', completion.choices[0]?.message.content);
    },
  };
}
