// Whether a message is about a payment on its way that has not landed: "my transfer hasn't arrived", "the bank
// transfer I made to pay the invoice is pending", "our wire to you is stuck", "Überweisung ist nicht angekommen".
// Money in transit is a billing matter (the payment is matched to its invoice by the billing team), however the
// customer guesses at the cause ("is something broken on your side?"). So is one that failed on the way: "my direct
// debit didn't go through" (read outage 0.79) and "I was trying to top up my card but it was reverted" (outage 0.93)
// went to engineering at high as outages; a failed payment is the billing team's to retry or match.
const moneyWords = String.raw`(?:(?:bank|wire|money|international|sepa|ach)\s+)?(?:transfers?|wires?|payments?|deposits?|remittances?|top-?ups?|direct\s+debits?|standing\s+orders?)`;
const notLanded = String.raw`(?:(?:has|have|had|is|are|was|were|did|does|do)\s*(?:n[’']t|not)\s+(?:yet\s+)?(?:arrived?|landed|come through|gone through|go through|reached|been (?:received|credited|applied|processed)|received|credited|cleared|show(?:n|ing)?(?: up)?)|(?:not|never)\s+(?:arrived?|received|credited|cleared|showing(?: up)?|gone through|landed)|(?:still\s+)?(?:pending|stuck|on hold|in limbo|missing|bounced|returned|failed|reverted|reversed|declined|rejected))`;
const inTransit = [
  new RegExp(String.raw`\b(?:my|our|the|a|this|that|your)\s+${moneyWords}\b[^.?!\n]{0,60}?\b${notLanded}`, 'i'),
  // said the other way round, or of a top-up the customer tried: "there are some missing payments", "I was trying to
  // top up my card but it was reverted"
  new RegExp(String.raw`\b(?:missing|failed|bounced|returned|reverted|declined|rejected)\s+${moneyWords}\b|\btop(?:-|\s)?up\b[^.?!\n]{0,40}?\b(?:reverted|reversed|declined|rejected|failed|bounced)\b`, 'i'),
  /(?<!\p{L})(?:überweisung|zahlung)\p{L}*[^.?!\n]{0,40}?(?<!\p{L})(?:nicht\s+angekommen|noch nicht\s+(?:da|eingegangen|angekommen)|ausstehend|hängt)|\b(?:virement|paiement)\b[^.?!\n]{0,40}?\b(?:pas\s+(?:encore\s+)?(?:arrivé|reçu)|en attente|bloqué)|\b(?:transferencia|pago)\b[^.?!\n]{0,40}?\b(?:no\s+(?:ha\s+)?llega|pendiente)|\b(?:transferência|pagamento)\b[^.?!\n]{0,40}?\b(?:não\s+(?:chegou|caiu)|pendente)|\b(?:overboeking|betaling)\b[^.?!\n]{0,40}?\b(?:niet\s+(?:aangekomen|ontvangen)|in behandeling)/iu,
];

/**
 * Machines' messages about payments (a webhook, an API event) are the integration's problem, not money on its way. An
 * event or a notification alone is not one: "my bank sent a notification that the transfer is pending" is money.
 */
const integration = /\b(?:webhooks?|api|endpoints?|callbacks?|integrations?)\b|\b(?:payment|billing|invoice)\s+(?:events?|notifications?)\b/i;

/** The customer's payment or transfer is pending, stuck, failed or has not arrived. */
export function reportsPaymentInTransit(message: string): boolean {
  return !integration.test(message) && inTransit.some((pattern) => pattern.test(message));
}
