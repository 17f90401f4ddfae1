// Classifies a customer message into an issue type, and pulls out the fields the policy asks for.
// Keyword rules (several languages) rather than a model: the offline engine must be deterministic.
import type { IssueType } from '../core/tools.js';

const signals: [IssueType, RegExp, number][] = [
  ['cancellation', /\b(cancel\w*|terminate|close (my|our) account|stop (my|our) subscription|downgrade|annul\w*|k[üu]ndig\w*|résili\w*|cancelar)\b/i, 3],
  ['cancellation', /\brefund (me|us|everything)|money back\b/i, 2],
  ['billing', /\b(charg\w*|bill\w*|invoice\w*|payment\w*|paid|refund\w*|credit card|overcharg\w*|receipt|subscription fee|price|pricing|double[- ]charged|factur\w*|cobr\w*|abgebucht|rechnung|zahlung|pago|cargo|prélev\w*|paiement|fattura|addebit\w*)\b/i, 2],
  ['outage', /\b(down|outage|not loading|(?:won'?t|can'?t|cannot|doesn'?t|does not|nothing) loads?|500|502|503|error|errors|broken|crash\w*|bug|fail\w*|not working|doesn'?t work|stopped working|timeout|timing out|time[sd]? out|slow|ca[íi]d[oa]|panne|fehler|ausfall|no funciona|ne fonctionne)\b/i, 2],
  ['access', /\b(log ?in|sign ?in|password|locked out|2fa|mfa|sso|can'?t access|cannot access|reset link|verification code|contraseña|mot de passe|passwort|anmelden|iniciar sesi[oó]n)\b/i, 3],
  ['feature_request', /\b(feature request|would be (great|nice)|could you add|please add|wish (you|it)|suggest\w*|it would help if|roadmap|feature idea)\b/i, 3],
  ['how_to', /\b(how (do|can|to|would)|where (do|can|is)|is there a way|what'?s the best way|can i|how does|tutorial|docs|documentation|cómo|comment (faire|puis)|wie kann)\b/i, 1],
];

export function classifyIssue(text: string): IssueType {
  const totals = new Map<IssueType, number>();
  for (const [type, pattern, weight] of signals) {
    if (pattern.test(text)) totals.set(type, (totals.get(type) ?? 0) + weight);
  }
  let best: IssueType = 'other';
  let bestScore = 0;
  for (const [type, score] of totals) {
    if (score > bestScore) [best, bestScore] = [type, score];
  }
  return best;
}

const invoicePattern = /\b(INV[-_ ]?\d[\w-]*)\b|\binvoice\s*(?:id|number|no\.?|#)\s*(?:is\s*)?:?\s*#?([A-Z0-9][\w-]{3,})/i;
const emailPattern = /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/;

/** Fields the policy may require, as found in the customer's words. */
export function extractFields(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  const invoice = invoicePattern.exec(text);
  const invoiceId = invoice?.[1] ?? invoice?.[2];
  if (invoiceId) fields.invoice_id = invoiceId.toUpperCase().replace(/[_ ]/g, '-');
  const email = emailPattern.exec(text);
  if (email) fields.email = email[0].toLowerCase();
  return fields;
}

const pleasantry = /^(thanks?( you)?( so much| a lot)?|thx|ty|ok(ay)?|cool|great|perfect|got it|sounds good|cheers|awesome|👍|🙏)[\s!.]*$/i;
/** "thanks!" alone in an open thread needs no new decision. */
export function isPleasantryOnly(text: string): boolean {
  return pleasantry.test(text.trim());
}
