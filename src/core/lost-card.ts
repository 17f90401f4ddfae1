// "I lost my card", "Somebody stole my card, how can I block it?", "Ich habe meine Karte verloren": a payment card gone
// missing is handled as a security matter (someone may pay with it), but the account steps sent with one ("reset your
// password, rotate any API keys, turn on two-factor authentication") answer a break-in the customer did not report.
// What helps is blocking the card at the bank and putting a new one on the plan (templates.yml, card_steps). On qa6's
// public sample (scripts/customer-sample.ts --salt qa6) 2 of 153 messages were such a card, each sent the account steps.
// A message that also names a sign-in, a password, a key or a phone keeps the account steps: that may be a break-in.
const cardGone = [
  /\b(?:lost|stole|stolen|misplaced|can['’]?t find|cannot find|can not find|lose|losing)\s+(?:\p{L}+\s+){0,3}?(?:(?:credit|debit|bank|company)\s+)?(?:cards?|mastercard|visa|amex)\b|\b(?:cards?|mastercard|visa|amex)\b[^.?!\n]{0,30}?\b(?:lost|stolen|missing|gone(?!\s+(?:through|thru))|been taken)\b/iu,
  /(?<!\p{L})(?:karte|kreditkarte|bankkarte|ec-karte)(?!\p{L})[^.?!\n]{0,30}?(?<!\p{L})(?:verloren|gestohlen|geklaut)(?!\p{L})|(?<!\p{L})(?:verloren|gestohlen)e?n?\s+(?:kredit|bank)?karte(?!\p{L})/iu,
  /(?<!\p{L})carte(?:\s+(?:bancaire|de crédit))?\s+(?:a été\s+)?(?:perdue|volée)(?!\p{L})|(?<!\p{L})(?:perdu|volé)\s+(?:ma|notre)\s+carte(?!\p{L})/iu,
  /(?<!\p{L})tarjeta(?:\s+de\s+(?:crédito|débito))?\s+(?:\p{L}+\s+)?(?:perdida|robada|extraviada)(?!\p{L})|(?<!\p{L})(?:perdí|me robaron|robaron)\s+(?:mi|la)\s+tarjeta(?!\p{L})/iu,
  /(?<!\p{L})cartão(?:\s+de\s+(?:crédito|débito))?\s+(?:\p{L}+\s+)?(?:perdido|roubado|extraviado)(?!\p{L})|(?<!\p{L})(?:perdi|roubaram)\s+(?:o\s+)?(?:meu|o)\s+cartão(?!\p{L})/iu,
  /(?<!\p{L})(?:mijn|onze|m'n|de)\s+(?:pinpas|bankpas|creditcard|kaart|pas)(?!\p{L})[^.?!\n]{0,30}?(?<!\p{L})(?:kwijt|gestolen|verloren)(?!\p{L})/iu,
];
const accountWords = /\b(?:password|passwort|mot de passe|contraseña|senha|wachtwoord|log ?in|sign(?:ed)?[ -]?in|api|keys?|2fa|two-factor|phone|laptop|hack(?:ed)?|admin)\b/i;

/** The customer's payment card is lost or stolen, and nothing in the message is about their account being entered. */
export function reportsLostCard(message: string): boolean {
  return !accountWords.test(message) && cardGone.some((pattern) => pattern.test(message));
}
