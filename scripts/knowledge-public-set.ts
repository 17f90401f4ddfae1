// npx tsx scripts/knowledge-public-set.ts: writes eval/knowledge/public.jsonl, the knowledge eval's second
// set — real public customer questions nobody here wrote, each labelled with the Cobalt article that
// answers it or "none" by the intent its data set gave it (the table below), not by reading the row.
// Deterministic: the same files give the same set (rows are picked and ordered by a hash of a fixed
// seed and the row's id, never by file order or a random generator).
//
// The table was decided from each intent's meaning and the articles' titles and headings BEFORE any
// search was run on these questions. An intent maps to an article only when that article answers every
// question of the intent; an intent no article covers at all maps to "none"; anything in between is
// left out (listed under `leftOut`, with the reason). Rows the answerability model was fitted or checked
// on (scripts/answerability-examples.ts: uncovered support-text and BANKING77-test rows) are never used.
//
// Sources, read in place: ../shared/data/support-text (SUPPORT_TEXT_DIR; Bitext CDLA-Sharing-1.0,
// CLINC150 CC BY 3.0, DSTC11 CDLA-Permissive-2.0), eval/banking77/test.csv (BANKING77, CC BY 4.0) and
// data/reader/se-*-meta.jsonl (Stack Exchange meta questions tagged `support`, CC BY-SA; per-question
// credits in the .attribution.tsv files beside them).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readKnowledgeQuestions } from '../src/eval/knowledge-eval.js';
import { uncoveredBanking77, uncoveredSupportText } from './answerability-examples.js';
import { intentMap, type Source } from './public-intents.js';

const SUPPORT_TEXT = process.env.SUPPORT_TEXT_DIR ?? join('..', 'shared', 'data', 'support-text');
const BANKING77_TEST = join('eval', 'banking77', 'test.csv');
const SE_META = ['3dprinting', 'ai', 'bicycles', 'music'].map((site) => join('data', 'reader', `se-${site}-meta.jsonl`));
const OUT = join('eval', 'knowledge', 'public.jsonl');
/** Questions taken from each intent (fewer when an intent has fewer usable rows). */
const PER_INTENT = 6;
const SEED = 'kbpublic-2026-11-30';

/** Stack Exchange meta carries tags, not one intent: a `support` question joins the first group one of
 * its tags names. Questions tagged `user-accounts` or `profile-page` (deleting or merging an account,
 * editing a profile) are left out, since an article of ours may answer some of them; questions with no
 * tag of a group are left out, since nothing says what they ask. */
const seGroups: [string, string[]][] = [
  ['reputation-and-votes', ['reputation', 'down-votes', 'voting', 'badges', 'bounty', 'accepted-answer']],
  ['tags', ['tags', 'tag-synonyms', 'retag-request']],
  ['closing-and-moderation', ['closed-questions', 'close-reasons', 'vote-to-close', 'deleted-questions', 'migration', 'flagging', 'moderation', 'duplicates', 'scope', 'on-off-topic']],
];
const seLeftOutTags = new Set(['user-accounts', 'profile-page']);

/** Intents of the same sources left out on purpose, and why (printed with the counts). */
const leftOut: Record<string, string> = {
  'bitext cancel_order, clinc150 cancel_reservation': 'cancelling a purchase or booking reads as cancelling a subscription (plans/cancel-or-downgrade) to some, as uncovered to others',
  'bitext check_cancellation_fee': 'no heading says whether cancelling costs a fee',
  'bitext edit_account, create_account, switch_account': 'editing a profile, signing up and switching plan-named accounts have no article, but parts touch change-login-email and change-plan',
  'bitext newsletter_subscription': 'a marketing newsletter is not the product notifications of notifications/email-notifications, but "unsubscribe" is answered there in part',
  'bitext contact_customer_service': 'asks for opening hours or a channel; close to contact_human_agent, which is taken',
  'bitext change_order, delivery_options, track_order …; clinc150 order_status, change_language …; dstc11 insurance/GetQuote, insurance/FileClaim, banking/FindATM …': 'uncovered intents the answerability model was fitted on',
  'clinc150 account_blocked, freeze_account, report_fraud, report_lost_card, expiration_date, new_card, transactions, bill_*': 'a bank account or card; partly answered by failed-payments, suspected-compromise or update-payment-method',
  'dstc11 insurance/ChangePlan': 'upgrade (plans/change-plan) or downgrade (plans/cancel-or-downgrade) is not said',
  'dstc11 insurance/CancelAutomaticBilling, PayBill, ReportBillingIssue, CheckPaymentStatus, banking/DisputeCharge, finance/GetBankStatement, ChangeStatementDelivery, */UpdateStreetAddress, */UpdatePhoneNumber, ChangeSecurityQuestion': 'each could be one of two billing or account articles, or none',
  'banking77 card_payment_not_recognised, extra_charge_on_statement, compromised_card, edit_personal_details, supported_cards_and_currencies, verify_*': 'between understand-your-charges, suspected-compromise, update-payment-method and none',
  'nlupp (all)': 'multi-label banking slots, no single intent to map',
};

interface PublicRow {
  rowId: string;
  text: string;
  source: Source;
  intent: string;
  file: string;
}

const hashShare = (s: string): number => createHash('sha256').update(s).digest().readUInt32BE(0) / 2 ** 32;
const normalised = (s: string): string => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

function supportText(file: string, source: Source): PublicRow[] {
  return readFileSync(join(SUPPORT_TEXT, file), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { id: string; text: string; native_label: string | null; lang: string })
    .filter((r) => r.native_label && r.lang === 'en')
    .map((r) => ({ rowId: r.id, text: r.text, source, intent: r.native_label!, file }));
}

function banking77Test(): PublicRow[] {
  return readFileSync(BANKING77_TEST, 'utf8')
    .split('\n')
    .slice(1)
    .flatMap((line, i) => {
      const m = /^(?:"((?:[^"]|"")*)"|([^,]*)),(\w+)\s*$/.exec(line);
      if (!m) return [];
      return [{ rowId: `banking77-test-${i + 2}`, text: (m[1] ?? m[2] ?? '').replace(/""/g, '"'), source: 'banking77' as const, intent: m[3]!, file: 'eval/banking77/test.csv' }];
    });
}

function seMeta(): PublicRow[] {
  return SE_META.flatMap((path) =>
    readFileSync(path, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { id: string; text: string; native_label: string })
      .flatMap((r) => {
        const tags = r.native_label.split('|');
        if (!tags.includes('support') || tags.some((t) => seLeftOutTags.has(t))) return [];
        const group = seGroups.find(([, groupTags]) => tags.some((t) => groupTags.includes(t)));
        return group ? [{ rowId: r.id, text: r.text, source: 'se-meta' as const, intent: group[0], file: path }] : [];
      }),
  );
}

const rows = [
  ...supportText('bitext_customer_support_en.jsonl', 'bitext'),
  ...supportText('clinc150_support_subset_en.jsonl', 'clinc150'),
  ...supportText('dstc11_customer_intents_en.jsonl', 'dstc11'),
  ...banking77Test(),
  ...seMeta(),
];

// Never reuse what the answerability fit used (its uncovered support-text rows) or printed as its check
// (BANKING77-test's uncovered rows), nor a question of our own set.
const excluded = new Set([...uncoveredSupportText(SUPPORT_TEXT), ...uncoveredBanking77(BANKING77_TEST), ...readKnowledgeQuestions(join('eval', 'knowledge', 'questions.jsonl'))].map((q) => normalised(q.question)));

const seen = new Set<string>();
const picked: (PublicRow & { expected: string })[] = [];
const counts: string[] = [];
for (const m of intentMap) {
  const candidates = rows
    .filter((r) => r.source === m.source && r.intent === m.intent)
    // Bitext fills its {{placeholders}} in this copy; drop any row that still has one.
    .filter((r) => !r.text.includes('{{') && !excluded.has(normalised(r.text)))
    .sort((a, b) => hashShare(`${SEED}:${a.rowId}`) - hashShare(`${SEED}:${b.rowId}`));
  let taken = 0;
  for (const r of candidates) {
    if (taken === PER_INTENT) break;
    const key = normalised(r.text);
    if (seen.has(key)) continue;
    seen.add(key);
    picked.push({ ...r, expected: m.expected });
    taken++;
  }
  if (taken === 0) throw new Error(`${m.source} ${m.intent}: no usable rows (is the intent spelled as the data set spells it?)`);
  counts.push(`${m.source}\t${m.intent}\t${m.expected}\t${taken}`);
}

// Shuffled so neighbouring lines (and the odd/even halves the eval prints) mix sources and intents.
picked.sort((a, b) => hashShare(`${SEED}:order:${a.rowId}`) - hashShare(`${SEED}:order:${b.rowId}`));
const lines = picked.map((r, i) =>
  JSON.stringify({ id: `kp-${String(i + 1).padStart(3, '0')}`, question: r.text, expected: r.expected, lang: 'en', note: `${r.source} ${r.rowId} (${r.file}): ${r.intent}` }),
);
writeFileSync(OUT, `${lines.join('\n')}\n`);

const none = picked.filter((r) => r.expected === 'none').length;
console.log(counts.join('\n'));
console.log(`\n${picked.length} questions written to ${OUT}: ${picked.length - none} expect an article, ${none} (${((100 * none) / picked.length).toFixed(1)}%) expect "none"`);
for (const s of ['bitext', 'clinc150', 'dstc11', 'banking77', 'se-meta'] as const) console.log(`  ${s}: ${picked.filter((r) => r.source === s).length}`);
console.log('\nLeft out:');
for (const [intents, why] of Object.entries(leftOut)) console.log(`  ${intents}: ${why}`);
