// The rules' assessment of a bare decision packet, as the loop would make it, for tests and
// stand-ins that call a decider directly (the loop assesses once per turn and hands it over). A bare
// packet names no staff: a promise reported under a staff member's bare name is not read here.
import { assess, type Assessment } from '../../src/core/assess.js';
import { loadPolicy } from '../../src/core/policy.js';
import type { DecisionPacket } from '../../src/core/ports.js';
import { TrainedReader } from '../../src/reader/trained-reader.js';

export function assessPacket(packet: DecisionPacket, policyDir = 'policy'): Assessment {
  const reader = TrainedReader.load();
  return assess(packet, reader.read({ text: packet.message }), loadPolicy(policyDir).rules, reader, []);
}
