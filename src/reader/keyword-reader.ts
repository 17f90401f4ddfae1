// The keyword reader: classifies a customer message into an issue type, and pulls out the fields
// the policy asks for. Keyword rules (several languages) rather than a model: deterministic, offline.
// It implements the Reader port; the confidences it gives are crude shares of the keyword weights.
import type { Reader, ReaderInput, Reading } from '../core/reading.js';
import { issueTypes, type IssueType } from '../core/tools.js';

const signals: [IssueType, RegExp, number][] = [
  ['cancellation', /\b(cancel\w*|terminate|close (my|our) account|stop (my|our) subscription|downgrade|annul\w*|k[üu]ndig\w*|résili\w*|cancelar)\b/i, 3],
  ['cancellation', /\brefund (me|us|everything)|money back\b/i, 2],
  ['billing', /\b(charg\w*|bill\w*|invoice\w*|payment\w*|paid|refund\w*|credit card|overcharg\w*|receipt|subscription fee|price|pricing|double[- ]charged|factur\w*|cobr\w*|abgebucht|rechnung|zahlung|pago|cargo|prélev\w*|paiement|fattura|addebit\w*)\b/i, 2],
  ['outage', /\b(down|outage|not loading|(?:won'?t|can'?t|cannot|doesn'?t|does not|nothing) loads?|500|502|503|error|errors|broken|crash\w*|bug|fail\w*|not working|doesn'?t work|stopped working|timeout|timing out|time[sd]? out|slow|ca[íi]d[oa]|panne|fehler|ausfall|no funciona|ne fonctionne)\b/i, 2],
  ['access', /\b(log ?in|sign ?in|password|locked out|2fa|mfa|sso|can'?t access|cannot access|reset link|verification code|contraseña|mot de passe|passwort|anmelden|iniciar sesi[oó]n)\b/i, 3],
  ['feature_request', /\b(feature request|would be (great|nice)|could you add|please add|wish (you|it)|suggest\w*|it would help if|roadmap|feature idea)\b/i, 3],
  ['how_to', /\b(how (do|can|to|would)|where (do|can|is)|is there a way|what'?s the best way|can i|how does|tutorial|docs|documentation|cómo|comment (faire|puis)|wie kann)\b/i, 1],
];

/** Keyword weight per issue type, in the order the signals first matched (the tie-break order). */
function issueScores(text: string): Map<IssueType, number> {
  const totals = new Map<IssueType, number>();
  for (const [type, pattern, weight] of signals) {
    if (pattern.test(text)) totals.set(type, (totals.get(type) ?? 0) + weight);
  }
  return totals;
}

function classifyIssue(text: string): IssueType {
  let best: IssueType = 'other';
  let bestScore = 0;
  for (const [type, score] of issueScores(text)) {
    if (score > bestScore) [best, bestScore] = [type, score];
  }
  return best;
}

const invoicePattern = /\b(INV[-_ ]?\d[\w-]*)\b|\binvoice\s*(?:id|number|no\.?|#)\s*(?:is\s*)?:?\s*#?([A-Z0-9][\w-]{3,})/i;
const emailPattern = /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/;

/** Fields the policy may require, as found in the customer's words. */
function extractFields(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  const invoice = invoicePattern.exec(text);
  const invoiceId = invoice?.[1] ?? invoice?.[2];
  if (invoiceId) fields.invoice_id = invoiceId.toUpperCase().replace(/[_ ]/g, '-');
  const email = emailPattern.exec(text);
  if (email) fields.email = email[0].toLowerCase();
  return fields;
}

const pleasantry = /^(thanks?( you)?( so much| a lot)?|thx|ty|ok(ay)?|cool|great|perfect|got it|sounds good|cheers|awesome|👍|🙏)[\s!.]*$/i;

// The language words are the non-English keywords of the signals above, plus greetings and thanks.
const languageWords: [Reading['language'], RegExp][] = [
  ['de', /\b(hallo|danke|bitte|k[üu]ndig\w*|abgebucht|rechnung|zahlung|fehler|ausfall|passwort|anmelden|wie kann)\b/gi],
  ['fr', /\b(bonjour|merci|résili\w*|facture|prélev\w*|paiement|panne|ne fonctionne|mot de passe|comment (faire|puis))\b/gi],
  ['es', /\b(hola|gracias|cancelar|cobr\w*|pago|cargo|ca[íi]d[oa]|no funciona|contraseña|iniciar sesi[oó]n|cómo)\b/gi],
];

function languageOf(text: string): Reading['language'] {
  let best: Reading['language'] = 'en';
  let bestHits = 0;
  for (const [language, words] of languageWords) {
    const hits = text.match(words)?.length ?? 0;
    if (hits > bestHits) [best, bestHits] = [language, hits];
  }
  return best;
}

const severitySignals = {
  production_blocked: /\b(production|prod|blocked|blocking|can'?t work|completely down|nothing works)\b/i,
  many_users: /\b(all (of )?(our|the) (users|team|staff)|everyone|everybody|whole (team|company)|nobody can|many users)\b/i,
  data_loss: /\b(data loss|lost (all |our |my )?(data|files|records)|deleted|disappeared|missing data)\b/i,
  security: /\b(breach|hacked|phishing|vulnerab\w*|leak\w*|unauthori[sz]ed|compromised)\b/i,
};
const asksForHuman = /\b(human|real person|a person|talk to (someone|somebody|an agent)|speak to (someone|somebody|an agent)|mensch|un humain|una persona)\b/i;
// Numbers, times, error codes or a long message: the customer has already told us what happens.
const detail = /\d|\b(when|since|after|every time|each time|steps?)\b/i;

export function createKeywordReader(): Reader {
  return {
    read({ text }: ReaderInput): Reading {
      const issue_type = classifyIssue(text);
      const scores = issueScores(text);
      const total = [...scores.values()].reduce((a, b) => a + b, 0);
      const share = (type: IssueType) => (total === 0 ? (type === 'other' ? 1 : 0) : (scores.get(type) ?? 0) / total);
      // The chosen type first, then the rest by share; `security` is never read from keywords.
      const issue_types = [issue_type, ...issueTypes.filter((t) => t !== issue_type).sort((a, b) => share(b) - share(a))].map((type) => ({
        type,
        confidence: share(type),
      }));
      return {
        issue_type,
        confidence: share(issue_type),
        issue_types: [...issue_types, { type: 'security', confidence: 0 }],
        severity: {
          production_blocked: severitySignals.production_blocked.test(text),
          many_users: severitySignals.many_users.test(text),
          data_loss: severitySignals.data_loss.test(text),
          security: severitySignals.security.test(text),
        },
        language: languageOf(text),
        fields: extractFields(text),
        asks_for_human: asksForHuman.test(text),
        pleasantry_only: pleasantry.test(text.trim()),
        has_detail: text.length > 160 || detail.test(text),
      };
    },
  };
}
