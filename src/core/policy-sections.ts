// The part of the support policy text that applies to one ticket: a model call pays for every
// token of the system text, twice per turn. Everything is kept except the issue-type bullets
// ("- **billing** …", "- **outage / bug**: …") of types this ticket is unlikely to be about; the
// reader's probabilities say which are likely. Security is always kept: a misread there costs most.
// The follow-up bullet ("- **follow-up** …") is kept only for a ticket with earlier turns.
// Notes for the policy's editors (<!-- … -->) are left out too.
// A policy written another way (no such bullets) is sent whole.
import { boundedMemo } from '../bounded-memo.js';
import type { Reading } from './reading.js';
import { issueTypes } from './tools.js';

/** The bullets that may be cut: one per issue type, and the one for follow-ups in a continued ticket. */
const cuttable: readonly string[] = [...issueTypes, 'follow_up'];

/** Issue types are kept, most likely first, until they cover this share of the reader's probability. */
const KEEP_PROBABILITY = 0.9;
/** At most this many types besides security and the ticket's own. */
const MAX_TYPES = 3;

/** How a bullet's bold label names an issue type ("how-to", "feature request", "access / login"). */
function issueTypeOf(label: string): string {
  return label.split('/')[0]!.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

/** The bullets to keep; a ticket's own issue type is given only when it continues (and then the follow-up bullet is kept). */
export function applicableIssueTypes(reading: Reading, ticketIssueType?: string | null): Set<string> {
  const keep = new Set<string>(['security']);
  if (ticketIssueType) keep.add(ticketIssueType).add('follow_up');
  let covered = 0;
  for (const { type, confidence } of reading.issue_types.slice(0, MAX_TYPES)) {
    keep.add(type);
    covered += confidence;
    if (covered >= KEEP_PROBABILITY) break;
  }
  if (reading.issue_types.length === 0) keep.add(reading.issue_type);
  return keep;
}

/**
 * The policy text's cuts, by the issue types kept, for the last policy text seen: every ticket asks for
 * one of a few dozen combinations, and cutting the text anew (a regex over every line) cost more than
 * the rest of the packet.
 */
let cuts: { text: string; byKeep: (keep: string) => string } | undefined;

/** The policy text without the bullets of issue types outside `keep`. */
export function applicablePolicy(text: string, keep: Set<string>): string {
  if (cuts?.text !== text) cuts = { text, byKeep: boundedMemo((kept) => cutPolicy(text, new Set(kept.split(','))), 256) };
  return cuts.byKeep([...keep].sort().join(','));
}

function cutPolicy(text: string, keep: Set<string>): string {
  // Notes for the people who edit the policy (HTML comments) are not the model's to read.
  const lines = text.replace(/<!--[\s\S]*?-->\n?/g, '').split('\n');
  const out: string[] = [];
  let skipping = false;
  for (const line of lines) {
    const bullet = /^- \*\*([^*]+)\*\*/.exec(line);
    if (bullet) {
      const type = issueTypeOf(bullet[1]!);
      skipping = cuttable.includes(type) && !keep.has(type);
    } else if (!/^\s+\S/.test(line)) {
      // A line that does not continue the bullet (a heading, a blank line, a new paragraph) ends it.
      skipping = false;
    }
    if (!skipping) out.push(line);
  }
  return out.join('\n');
}
