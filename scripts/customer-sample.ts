// qa4: what customers read. ~150 public customer messages (support-text: Bitext, CLINC150, DSTC11, NLU++, and
// Tatoeba fr/es/pt and xSID de/nl for other languages; BANKING77 test), picked by the SHA-1 of their id, spread
// over intents and languages (one per intent/language first), each run through the product as `memdesk ask --user
// cust_fiona` does, in process. Writes one JSON row per message: reading, tool calls, status, priority, reply.
//   npx tsx scripts/customer-sample.ts out.json               every message its own fresh data directory
//   npx tsx scripts/customer-sample.ts out.json --one-customer one data directory: Fiona sends them all in turn
//   npx tsx scripts/customer-sample.ts out.json --salt <word>  a different sample: the word is mixed into the SHA-1 pick
// ABCD (abcd/abcd_sample.json, e-commerce chats) adds each dialogue's first customer turn (a bare greeting is joined
// to the turn after it), whatever the salt: the file holds only a few dialogues.
// SUPPORT_DATA_DIR: the shared data folder (default ../shared/data). Nothing here runs in the product.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withMemdesk } from '../src/cli/run.js';

interface Row {
  id: string;
  text: string;
  label: string;
  lang: string;
}

const DATA = process.env.SUPPORT_DATA_DIR ?? join('..', 'shared', 'data');
const args = process.argv.slice(2);
const out = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--salt') ?? 'customer-sample.json';
const flag = args.includes('--one-customer') ? '--one-customer' : undefined;
const salt = args.includes('--salt') ? (args[args.indexOf('--salt') + 1] ?? '') : '';
const sha1 = (s: string) => createHash('sha1').update(salt + s).digest('hex');

function supportText(file: string): Row[] {
  return readFileSync(join(DATA, 'support-text', file), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { id: string; text: string; native_label: string | null; lang: string })
    .map((r) => ({ id: r.id, text: r.text, label: r.native_label ?? r.lang, lang: r.lang }));
}

// BANKING77's test split, one line a row (the few quoted rows that span lines are left out).
function banking77Test(): Row[] {
  const lines = readFileSync(join(DATA, 'banking77', 'test.csv'), 'utf8').replace(/\r/g, '').trim().split('\n').slice(1);
  return lines.flatMap((line, i) => {
    const m = line.match(/^"?(.*?)"?,([a-z_]+)$/);
    return m && m[1]!.length >= 3 ? [{ id: `banking77-test-${i}`, text: m[1]!.replace(/""/g, '"'), label: m[2]!, lang: 'en' }] : [];
  });
}

// The first customer turn of each ABCD dialogue; a greeting alone ('HEY HO!') is joined to the turn after it.
function abcdFirstTurns(): Row[] {
  const convos = JSON.parse(readFileSync(join(DATA, 'abcd', 'abcd_sample.json'), 'utf8')) as {
    convo_id: number;
    scenario: { flow: string; subflow: string };
    original: [string, string][];
  }[];
  return convos.map((c) => {
    const turns = c.original.filter(([who]) => who === 'customer').map(([, text]) => text);
    const first = turns[0] ?? '';
    const text = first.split(/\s+/).length <= 3 && turns[1] ? `${first} ${turns[1]}` : first;
    return { id: `abcd-${c.convo_id}`, text, label: `${c.scenario.flow}/${c.scenario.subflow}`, lang: 'en' };
  });
}

/** `n` rows in SHA-1 order of their id, one per language/label first, then a second, and so on. */
function pick(rows: Row[], n: number): Row[] {
  const sorted = [...rows].sort((a, b) => sha1(a.id).localeCompare(sha1(b.id)));
  const taken = new Map<string, number>();
  const picked: Row[] = [];
  for (let round = 1; picked.length < n && round < 10; round++) {
    for (const r of sorted) {
      const key = `${r.lang}/${r.label}`;
      if (picked.length >= n || (taken.get(key) ?? 0) >= round || picked.includes(r)) continue;
      taken.set(key, (taken.get(key) ?? 0) + 1);
      picked.push(r);
    }
  }
  return picked;
}

const notEnglish = (rows: Row[]) => rows.filter((r) => r.lang !== 'en').map((r) => ({ ...r, label: r.lang }));
const sample = [
  ...pick(supportText('bitext_customer_support_en.jsonl'), 30),
  ...pick(supportText('clinc150_support_subset_en.jsonl'), 25),
  ...pick(supportText('dstc11_customer_intents_en.jsonl'), 25),
  ...pick(supportText('nlupp_banking_en.jsonl'), 20),
  ...pick(banking77Test(), 30),
  ...pick(notEnglish(supportText('tatoeba_sentences_en_fr_es_pt.jsonl')), 12),
  ...pick(notEnglish(supportText('xsid_assistant_commands_de_nl_en.jsonl')), 8),
  ...abcdFirstTurns(),
];

const silent = { out: () => {}, err: () => {} };
const shared = flag === '--one-customer' ? mkdtempSync(join(tmpdir(), 'customer-sample-')) : null;
const results: unknown[] = [];
for (const r of sample) {
  const env = { ...process.env, MEMDESK_DATA_DIR: shared ?? mkdtempSync(join(tmpdir(), 'customer-sample-')), LOG_LEVEL: 'silent' };
  const o = await withMemdesk((m) => m.handleTicket({ user: 'cust_fiona', message: r.text, memoryEnabled: true }), { io: silent, env });
  results.push({
    ...r,
    read: o.reading.issue_type,
    confidence: Number(o.reading.confidence.toFixed(2)),
    language: o.reading.language,
    asks_for_human: o.reading.asks_for_human,
    tools: o.tool_calls.map((c) => `${c.status === 'executed' ? '' : '!'}${c.name}`),
    status: o.ticket.status,
    priority: o.ticket.priority,
    cited: o.cited,
    reply: o.customer_response,
  });
}
writeFileSync(out, JSON.stringify(results, null, 1));
console.log(`${results.length} messages -> ${out}`);
