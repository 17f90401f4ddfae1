// LoCoMo evidence recall through the real store: every turn is one memory "<speaker>: <text>",
// one scope per conversation, each session written at its own date; every question with evidence
// and category ≠ 5 is searched; recall@k = share of its evidence turns found in the top k.
import { readFileSync } from 'node:fs';
import type { LocalMemoryStore } from '../src/memory/local.js';

interface Turn {
  speaker: string;
  dia_id: string;
  text: string;
}
interface Conversation {
  sample_id: string;
  conversation: Record<string, unknown>;
  qa: { question: string; evidence?: string[]; category: number }[];
}

export interface LocomoResult {
  'recall@5': number;
  'recall@10': number;
  questions: number;
  turns: number;
  by_category: Record<string, { 'recall@10': number; questions: number }>;
}

/** "1:56 pm on 8 May, 2023" → ISO. */
function sessionDate(text: string): string {
  const m = /(\d+):(\d+)\s*(am|pm)\s+on\s+(\d+)\s+(\w+),?\s+(\d{4})/i.exec(text);
  if (!m) throw new Error(`LoCoMo: unreadable session date ${JSON.stringify(text)}`);
  const [, h, min, ampm, d, month, y] = m;
  const hour = (Number(h) % 12) + (ampm!.toLowerCase() === 'pm' ? 12 : 0);
  return new Date(`${d} ${month} ${y} ${hour}:${min} UTC`).toISOString();
}

/** Evidence ids as written are sometimes joined ("D8:6; D9:17") or zero-padded ("D30:05"). */
function evidenceIds(raw: string[], known: Set<string>): string[] {
  const ids = raw
    .flatMap((e) => e.split(/[;,\s]+/))
    .map((e) => e.replace(/^D:?(\d+):0*(\d+)$/, 'D$1:$2'))
    .filter((e) => known.has(e));
  return [...new Set(ids)];
}

export async function locomoRecall(store: LocalMemoryStore, path: string): Promise<LocomoResult> {
  const data = JSON.parse(readFileSync(path, 'utf8')) as Conversation[];
  let at5 = 0;
  let at10 = 0;
  let questions = 0;
  let turns = 0;
  const byCategory: Record<string, { sum: number; n: number }> = {};
  for (const conv of data) {
    const scope = { kind: 'customer' as const, id: `locomo_${conv.sample_id}` };
    const sessions = Object.keys(conv.conversation)
      .filter((k) => /^session_\d+$/.test(k))
      .sort((a, b) => Number(a.split('_')[1]) - Number(b.split('_')[1]));
    // Exact duplicate turns ("Thanks!") are one memory: finding it finds all of them.
    const diaByText = new Map<string, string[]>();
    for (const s of sessions) {
      const at = sessionDate(String(conv.conversation[`${s}_date_time`]));
      const items = (conv.conversation[s] as Turn[]).map((t) => {
        const text = `${t.speaker}: ${t.text}`;
        const key = text.trim().replace(/\s+/g, ' ').toLowerCase();
        diaByText.set(key, [...(diaByText.get(key) ?? []), t.dia_id]);
        return { scope, text, created_at: at };
      });
      turns += items.length;
      await store.bulkAdd(items);
    }
    const known = new Set([...diaByText.values()].flat());
    for (const qa of conv.qa) {
      if (qa.category === 5 || !qa.evidence?.length) continue;
      const evidence = evidenceIds(qa.evidence, known);
      if (evidence.length === 0) continue;
      const found = await store.search(scope, qa.question, { limit: 10 });
      const dias = found.map((m) => diaByText.get(m.memory.trim().replace(/\s+/g, ' ').toLowerCase()) ?? []);
      const share = (k: number) => {
        const top = new Set(dias.slice(0, k).flat());
        return evidence.filter((e) => top.has(e)).length / evidence.length;
      };
      at5 += share(5);
      at10 += share(10);
      questions++;
      const c = (byCategory[String(qa.category)] ??= { sum: 0, n: 0 });
      c.sum += share(10);
      c.n++;
    }
  }
  const round = (x: number) => Number(x.toFixed(4));
  return {
    'recall@5': round(at5 / questions),
    'recall@10': round(at10 / questions),
    questions,
    turns,
    by_category: Object.fromEntries(
      Object.entries(byCategory).map(([c, { sum, n }]) => [c, { 'recall@10': round(sum / n), questions: n }]),
    ),
  };
}
