// "Can we get a discount for a nonprofit?", "do you have special pricing for startups?": the customer asks for a
// price they are not on, in the six languages memdesk answers in. memdesk cannot grant one (core/claimed-actions.ts)
// and no article decides one: the billing team does (core/assess.ts). Read as a question how to pay yearly, or as a
// charge to look into, it was answered from the plans article or asked for an invoice ID that does not exist.
// Rules, as self-serve.ts: what asks for a price is a fact of the language, not a model's guess. A discount already
// offered is not asked for ("switch to annual to get the discount, how?" asks how to switch), and a discount missing
// from an invoice is a money problem the billing way settles with the invoice's ID.
import { reportsMoneyProblem } from './self-serve.js';

const asksForPrice = [
  // en: "can we get a discount", "do you offer any discounts", "is there an education discount", "any discount if …",
  // "a discount for nonprofits", "nonprofit pricing", "a nonprofit plan" (asked for: not "we're on the startup plan"),
  // "special pricing", "a reduced price", "a promo code"
  /\b(?:get|have|give|offer|offers|provide|receive|qualify for|eligible for|entitled to|there|any chance of|apply|like|want|need)\s+(?:us\s+|me\s+)?(?:a|an|any|some|special|extra|additional)\s+(?:[\w-]+\s+){0,2}?(?:discounts?|price reductions?|deals?)\b|\bany\s+discounts?\b|\bdiscounts?\s+(?:for|if|when|because|as)\b|\b(?:non-?profits?|charit(?:y|ies|able)|ngos?|education(?:al)?|academic|students?|start-?ups?|volume|bulk)\s+(?:discounts?|pricing|prices?|rates?)\b|\b(?:a|an|any)\s+(?:non-?profits?|charit(?:y|ies|able)|ngos?|education(?:al)?|academic|students?|start-?ups?|volume|bulk)\s+plans?\b|\b(?:special|reduced|discounted|preferential)\s+(?:pricing|prices?|rates?|deals?|offers?)\b|\b(?:discount|promo(?:tion(?:al)?)?|coupon|voucher)\s+codes?\b|\bcoupons?\b/i,
  // de
  /\brabatt|\bpreisnachlass|\bsonderpreis|\bsonderkondition|\bvergünstigung/i,
  // fr ("une réduction du nombre d'utilisateurs" is fewer users, not a lower price)
  /\bremises?\b(?!\s+[àa]\s+(?:z[ée]ro|jour|niveau))|\bréductions?\b(?!\s+(?:du|des|de\s+la|de|d['’])\s*(?:nombre|sièges?|utilisateurs?|licences?|membres?|postes?|places?|comptes?|effectifs?|équipes?)\b)|\b(?:prix|tarifs?)\s+(?:spéciaux|spécial|réduits?|préférentiels?)\b|\bcode promo/i,
  // es
  /\bdescuentos?\b|\bprecios?\s+(?:especial(?:es)?|reducidos?)\b|\bcup[oó]n/i,
  // pt
  /\bdescontos?\b|\bpreços?\s+(?:especia(?:l|is)|reduzidos?)\b|\bcupom/i,
  // nl
  /\bkorting|\bspeciale\s+prijs|\bgereduceerd\w*\s+tarief/i,
];

/**
 * A discount that should have been on an invoice and was not, was taken away, or was agreed before: the invoice is
 * wrong, not a price asked for ("the discount for annual billing was removed", "we signed a special deal last year").
 */
const discountMissing = /\b(?:not|n[’']t|never)\s+(?:been\s+)?(?:applied|taken off|deducted|included|reflected|showing)\b|\b(?:discount|deal)s?\b[^.?!]{0,40}?\b(?:was|were|has been|have been|got|is|are)\s+(?:removed|dropped|gone|lost|taken away|cancell?ed)\b|\b(?:signed|agreed(?:\s+on)?|negotiated)\s+(?:a|an|the|our)\s+(?:[\w%-]+\s+){0,2}?(?:discount|deal|price|rate)s?\b|\bnicht\s+(?:abgezogen|berücksichtigt|angewendet)|\bpas\s+(?:été\s+)?appliqu|\bno\s+(?:se\s+)?(?:ha\s+)?aplic|\bnão\s+(?:foi\s+)?aplicad|\bniet\s+(?:toegepast|verrekend)/i;

/**
 * A discount spoken of as already on an invoice, a bill or a charge ("any discount applied to my invoice INV-2201?",
 * "is the discount included in this bill?", "which discount is on invoice INV-1"): a question what an invoice
 * holds, which the billing way settles with the invoice's ID, not a price asked for. "Can you apply a discount to my
 * invoice?" and "can we get a discount on our next invoice?" still ask for one.
 */
const discountWords = String.raw`(?:rabatt\w*|preisnachlass\w*|remises?|réductions?|descuentos?|descontos?|korting(?:en)?)`;
const invoiceWords = `(?:rechnung(?:en)?|factures?|facturas?|faturas?|factuur|facturen)`;
const discountOnInvoice = [
  /\b(?:discount|deal|rebate|reduction|promo(?:tion)?)s?\b[^.?!]{0,40}?\b(?:applied|included|shown|showing|listed|reflected|appear\w*|taken off|deducted|on|in|to)\s+(?:[\w-]+\s+){0,3}?(?:invoices?|bills?|receipts?|statements?|charges?|INV-?\w+)\b|\b(?:invoices?|bills?|receipts?|INV-?\w+)\b[^.?!]{0,40}?\b(?:shows?|showing|includes?|including|has|have|lists?|contains?|applie[sd]|reflects?)\s+(?:a|an|any|the|our|my|no|that)?\s*(?:[\w%-]+\s+){0,2}?discounts?\b/i,
  // de, fr, es, pt, nl: the discount and the invoice named in one sentence, either way round ("ist auf der Rechnung ein
  // Rabatt enthalten?", "la remise figure-t-elle sur ma facture ?")
  new RegExp(String.raw`\b${discountWords}\b[^.?!]{0,40}?\b${invoiceWords}\b|\b${invoiceWords}\b[^.?!]{0,40}?\b${discountWords}\b`, 'i'),
];
/**
 * Asked to be given one, in the six languages: "can you apply a discount to my invoice?", "Können Sie mir einen Rabatt auf
 * die Rechnung geben?", "pouvez-vous appliquer une remise sur ma facture ?". German and Dutch put the verb last.
 */
const askingVerbs = `(?:geben|gewähren|bekommen|erhalten|einräumen|appliquer|accorder|obtenir|avoir|faire|bénéficier|aplicar|conceder|obtener|dar(?:me|nos)?|hacer(?:me|nos)?|obter|fazer|geven|toepassen|krijgen|verlenen)`;
const asksToBeGiven = [
  /\b(?:get|give|offer|grant|apply|add|receive|qualify|eligible|entitled|want|would like|like to have|any chance)\b[^.?!]{0,40}?\b(?:discount|deal|rebate|reduction|price|pricing|promo)/i,
  new RegExp(String.raw`\b${askingVerbs}\b[^.?!]{0,60}?\b${discountWords}|\b${discountWords}[^.?!]{0,60}?\b${askingVerbs}\b`, 'i'),
];

/** The customer asks for a discount or a price other than the list price, and reports nothing wrong with a charge. */
export function asksForDiscount(text: string): boolean {
  if (discountOnInvoice.some((pattern) => pattern.test(text)) && !asksToBeGiven.some((pattern) => pattern.test(text))) return false;
  return asksForPrice.some((pattern) => pattern.test(text)) && !discountMissing.test(text) && !reportsMoneyProblem(text);
}
