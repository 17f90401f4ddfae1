// What every model decider sends and accepts, whatever its protocol: the system text, the packet
// as the model sees it, and the final JSON's schema and check. One copy, so Gemini and an
// OpenAI-compatible model are asked the same question and held to the same answer.
import { z } from 'zod';
import type { DecisionPacket, PacketMemory, Usage } from '../agent/ports.js';
import { finalResultSchema, type FinalResult } from '../agent/tools.js';
import { DeciderError } from './decider-error.js';

export function systemText(packet: DecisionPacket): string {
  return `${packet.instructions}\n\n${packet.policy_text}`;
}

/** The packet as the model sees it. Fields are picked, not spread, so nothing new leaks in by accident. */
export function packetForModel(p: DecisionPacket): string {
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

export const finalJsonSchema = (() => {
  const json = z.toJSONSchema(finalResultSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
})();

/** The model's final text as a FinalResult, or a repairable DeciderError saying what was wrong. */
export function parseFinalResult(text: string): FinalResult {
  if (!text) throw new DeciderError('empty_answer', 'it held no text', { repairable: true });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new DeciderError('invalid_final_json', 'it was not valid JSON', { repairable: true });
  }
  const parsed = finalResultSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new DeciderError('invalid_final_json', `it did not match the schema (${issues.join('; ')})`, { repairable: true });
  }
  return parsed.data;
}

export const noUsage: Usage = { prompt_tokens: 0, candidate_tokens: 0 };

export function addUsage(a: Usage, b: Usage): Usage {
  return { prompt_tokens: a.prompt_tokens + b.prompt_tokens, candidate_tokens: a.candidate_tokens + b.candidate_tokens };
}
