// Relevance ranking for the embedded store: BM25 over one scope's memories, with light stemming
// and support vocabulary folded together, so "charged twice" finds "billing issue". No network.
const stopWords = new Set(
  'a an and are as at be by for from has have i in is it its me my of on or our so that the their this to was we were will with you your can could would should did do does this these those been being am he she they them his her us not no yes hi hello please thanks thank'.split(' '),
);

// Words customers and staff use for the same support concept map to one token.
const conceptOf: Record<string, string> = {};
const concepts: Record<string, string[]> = {
  billing: ['billing', 'bill', 'billed', 'charge', 'charged', 'charges', 'invoice', 'invoices', 'payment', 'paid', 'pay', 'refund', 'refunded', 'credit', 'subscription', 'price', 'pricing', 'amount', 'card', 'receipt'],
  outage: ['outage', 'down', 'broken', 'error', 'errors', 'bug', 'crash', 'crashed', 'failing', 'fails', 'failed', 'unavailable', 'incident', '500'],
  access: ['login', 'log', 'signin', 'sign', 'password', 'sso', 'locked', 'access', '2fa', 'mfa', 'reset'],
  cancel: ['cancel', 'cancellation', 'cancelled', 'canceled', 'terminate', 'downgrade', 'churn'],
  plan: ['plan', 'tier', 'free', 'pro', 'enterprise', 'sla', 'contract', 'renew', 'renews', 'renewal'],
  csm: ['csm', 'manager', 'success'],
  promise: ['promise', 'promised', 'committed', 'commitment'],
};
for (const [concept, words] of Object.entries(concepts)) for (const w of words) conceptOf[w] = concept;

function stem(word: string): string {
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('ed')) return word.slice(0, -2);
  if (word.length > 4 && word.endsWith('es')) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** Terms of a text: stemmed words plus the concept token of any support word. */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.toLowerCase().normalize('NFKD').split(/[^\p{L}\p{N}]+/u)) {
    if (!raw || stopWords.has(raw)) continue;
    out.push(stem(raw));
    const concept = conceptOf[raw];
    if (concept) out.push(`#${concept}`);
  }
  return out;
}

export interface Rankable {
  text: string;
  created_at: string;
}

/**
 * Scores every candidate against the query with BM25 (statistics from the candidates themselves)
 * and returns those that share at least one term, best first; ties go to the newer memory.
 */
export function rankByRelevance<T extends Rankable>(query: string, candidates: T[], limit: number): (T & { score: number })[] {
  const queryTerms = [...new Set(terms(query))];
  if (queryTerms.length === 0 || candidates.length === 0) return [];
  const docs = candidates.map((c) => terms(c.text));
  const avgLen = docs.reduce((n, d) => n + d.length, 0) / docs.length || 1;
  const df = new Map<string, number>();
  for (const d of docs) for (const t of new Set(d)) df.set(t, (df.get(t) ?? 0) + 1);
  const k1 = 1.2;
  const b = 0.75;
  const n = docs.length;
  const scored: (T & { score: number })[] = [];
  docs.forEach((doc, i) => {
    const tf = new Map<string, number>();
    for (const t of doc) tf.set(t, (tf.get(t) ?? 0) + 1);
    let score = 0;
    for (const q of queryTerms) {
      const f = tf.get(q);
      if (!f) continue;
      const idf = Math.log(1 + (n - (df.get(q) ?? 0) + 0.5) / ((df.get(q) ?? 0) + 0.5));
      score += idf * ((f * (k1 + 1)) / (f + k1 * (1 - b + (b * doc.length) / avgLen)));
    }
    if (score > 0) scored.push({ ...candidates[i]!, score: Number((score / (score + 2)).toFixed(4)) });
  });
  scored.sort((a, b2) => b2.score - a.score || b2.created_at.localeCompare(a.created_at));
  return scored.slice(0, limit);
}
