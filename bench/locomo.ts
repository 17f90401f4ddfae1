// LoCoMo evidence recall through the real store: every turn is one memory "<speaker>: <text>",
// one scope per conversation, each session written at its own date; every question with evidence
// and category ≠ 5 is searched; recall@k = share of its evidence turns found in the top k.
// Tiered embeddings (locomoTieredRecall) are measured twice: right after writing, before the
// background has given any memory its final vector, and once it has caught up.
import { readFileSync } from 'node:fs';
import type { Embedder } from '../src/memory/embedder.js';
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

export interface TieredLocomoResult extends LocomoResult {
  /** Recall right after writing: every memory still has its provisional vector only. */
  before_catch_up: { 'recall@5': number; 'recall@10': number };
  /** LoCoMo's turns written through bulkAdd(), per second (the write path with the provisional model). */
  bulk_add_per_s: number;
  /** The background giving every turn its final vector, once released. */
  catch_up: { memories: number; seconds: number; per_s: number };
}

interface Written {
  turns: number;
  /** Per conversation: the dialogue ids of each memory, by its normalised text. */
  diaByText: Map<string, string[]>[];
}

const scopeOf = (conv: Conversation) => ({ kind: 'customer' as const, id: `locomo_${conv.sample_id}` });

async function writeConversations(store: LocalMemoryStore, data: Conversation[]): Promise<Written> {
  let turns = 0;
  const all: Map<string, string[]>[] = [];
  for (const conv of data) {
    const scope = scopeOf(conv);
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
    all.push(diaByText);
  }
  return { turns, diaByText: all };
}

async function searchConversations(store: LocalMemoryStore, data: Conversation[], written: Written): Promise<LocomoResult> {
  let at5 = 0;
  let at10 = 0;
  let questions = 0;
  const byCategory: Record<string, { sum: number; n: number }> = {};
  for (const [i, conv] of data.entries()) {
    const scope = scopeOf(conv);
    const diaByText = written.diaByText[i]!;
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
    turns: written.turns,
    by_category: Object.fromEntries(
      Object.entries(byCategory).map(([c, { sum, n }]) => [c, { 'recall@10': round(sum / n), questions: n }]),
    ),
  };
}

const readConversations = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Conversation[];

/** Every conversation written, then every question searched (each conversation is a scope of its own). */
export async function locomoRecall(store: LocalMemoryStore, path: string): Promise<LocomoResult> {
  const data = readConversations(path);
  return searchConversations(store, data, await writeConversations(store, data));
}

/**
 * Tiered: the final model's work on memories is held back until the searches right after writing are
 * done (its query embeddings are not: a search embeds its query with both models, as in the product),
 * then released, timed until the background is idle, and the questions searched again.
 */
export async function locomoTieredRecall(final: Embedder, open: (final: Embedder) => Promise<LocalMemoryStore>, path: string): Promise<TieredLocomoResult> {
  const data = readConversations(path);
  const questions = new Set(data.flatMap((conv) => conv.qa.map((qa) => qa.question)));
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  let held = true;
  const heldFinal: Embedder = {
    model: final.model,
    dimensions: final.dimensions,
    async embed(texts, opts) {
      if (held && !texts.every((t) => questions.has(t))) await released;
      return final.embed(texts, opts);
    },
  };
  const store = await open(heldFinal);
  try {
    // The model loads before anything is timed, as it would have in a running process.
    await final.embed(['warm-up']);
    let t = performance.now();
    const written = await writeConversations(store, data);
    const bulkPerS = Math.round(written.turns / ((performance.now() - t) / 1000));
    const before = await searchConversations(store, data, written);
    held = false;
    release();
    t = performance.now();
    const caughtUp = await store.embedMissing();
    const seconds = (performance.now() - t) / 1000;
    const after = await searchConversations(store, data, written);
    return {
      ...after,
      before_catch_up: { 'recall@5': before['recall@5'], 'recall@10': before['recall@10'] },
      bulk_add_per_s: bulkPerS,
      catch_up: { memories: caughtUp, seconds: Number(seconds.toFixed(1)), per_s: Math.round(caughtUp / seconds) },
    };
  } finally {
    held = false;
    release();
    await store.close();
  }
}
