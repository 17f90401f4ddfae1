// The decision packet a stand-in model reads back from the text it was sent (model-prompt.ts): the model's
// view leaves out the server's memory ids, so each memory gets one by its place (the policy engine the
// stand-ins run tells memories apart by id), and the policy text and instructions are not the engine's to read.
import type { DecisionPacket, PacketMemory } from '../../src/core/ports.js';

export function packetFromModelText(json: string): DecisionPacket {
  const sent = JSON.parse(json) as DecisionPacket;
  const withIds = (scope: string, memories: PacketMemory[] = []) => memories.map((m, i) => ({ ...m, id: m.id ?? `${scope}_${i + 1}` }));
  const memories = sent.memories && { customer: withIds('customer', sent.memories.customer), account: withIds('account', sent.memories.account) };
  return { ...sent, ...(memories ? { memories } : {}), policy_text: '', instructions: '' };
}
