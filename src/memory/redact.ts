// Secrets never become memories. Customers paste card numbers, passwords and keys into support
// threads; a memory outlives the thread and is shown to the model on every later ticket, so every
// memory write passes through redactSecrets first.
//
// Each rule is either shaped (the secret is recognisable on its own: a Luhn-valid card, an IBAN
// with a valid check, a vendor key prefix) or keyed (a word like "password" or "routing number"
// announces the value that follows). Shaped rules run first so a key after "api key:" is named by
// its vendor. Ordinary support text (invoice ids, dates, amounts, "my PIN is locked") is left alone.

export type SecretKind =
  | 'card_number'
  | 'iban'
  | 'bank_account'
  | 'routing_number'
  | 'password'
  | 'api_key'
  | 'slack_token'
  | 'aws_key'
  | 'github_token'
  | 'jwt'
  | 'bearer_token'
  | 'secret';

export interface Redaction {
  text: string;
  /** One entry per value replaced, in the order the rules found them. */
  redactions: SecretKind[];
}

interface Rule {
  kind: SecretKind;
  pattern: RegExp;
  /** Which capture group holds the secret; 0 = the whole match. The groups before it must
   *  cover the match's start without nesting, so the text around the secret can be kept. */
  group?: number;
  /** A second look at the candidate, for shapes that also occur in harmless text. */
  accept?: (value: string) => boolean;
}

export function redactionMark(kind: SecretKind): string {
  return `[REDACTED:${kind}]`;
}

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Cards are written unbroken or in groups (4-4-4-4, 4-6-5); dates and phone numbers have other groupings. */
function looksLikeCard(candidate: string): boolean {
  const groups = candidate.split(/[ -]/);
  const digits = groups.join('');
  if (digits.length < 13 || digits.length > 19 || !luhnValid(digits)) return false;
  if (groups.length === 1) return true;
  const [first, ...rest] = groups;
  const last = rest[rest.length - 1] ?? '';
  const middle = rest.slice(0, -1);
  return first?.length === 4 && middle.every((g) => g.length >= 4 && g.length <= 6) && last.length >= 1 && last.length <= 6;
}

/** ISO 13616 check: move the first four characters to the end, letters to numbers, mod 97 must be 1. */
function ibanValid(candidate: string): boolean {
  const iban = candidate.replace(/\s+/g, '').toUpperCase();
  if (iban.length < 15 || iban.length > 34) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const value = ch >= 'A' && ch <= 'Z' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

// Words that describe a password rather than being one: "my password is not working".
const passwordDescriptions = new Set([
  'a', 'an', 'the', 'my', 'not', 'no', 'wrong', 'incorrect', 'correct', 'right', 'invalid', 'expired',
  'locked', 'blocked', 'reset', 'changed', 'still', 'too', 'being', 'working', 'required', 'missing',
  'forgotten', 'lost', 'same', 'different', 'new', 'old', 'weak', 'strong', 'case', 'now', 'set',
  'saved', 'stored', 'empty', 'blank', 'rejected', 'accepted', 'fine', 'ok', 'okay', 'denied',
  'compromised', 'stolen', 'hacked', 'leaked', 'updated', 'unknown', 'disabled', 'enabled', 'what',
  'something', 'also', 'only', 'just', 'really', 'definitely', 'probably', 'supposed', 'needed',
]);

const hasLetterAndDigit = (v: string): boolean => /[A-Za-z]/.test(v) && /\d/.test(v);

const rules: Rule[] = [
  // ---- shaped: recognisable without context ----
  { kind: 'jwt', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g },
  { kind: 'slack_token', pattern: /\bxox[abposre]-[A-Za-z0-9-]{10,}/g },
  { kind: 'slack_token', pattern: /\bxapp-\d-[A-Za-z0-9-]{10,}/g },
  { kind: 'github_token', pattern: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{30,}\b/g },
  { kind: 'github_token', pattern: /\bgithub_pat_[A-Za-z0-9_]{30,}/g },
  { kind: 'aws_key', pattern: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g },
  // OpenAI/Anthropic style (sk-, sk-proj-, sk-ant-), Stripe (sk_live_, rk_test_), Google (AIza), Mem0 (m0-).
  { kind: 'api_key', pattern: /\bsk-[A-Za-z0-9_-]{20,}/g },
  { kind: 'api_key', pattern: /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}/g },
  { kind: 'api_key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g },
  { kind: 'api_key', pattern: /\bm0-[A-Za-z0-9]{30,}\b/g },
  { kind: 'bearer_token', pattern: /\b(Bearer\s+)([A-Za-z0-9._~+/-]{16,}=*)/gi, group: 2 },
  {
    kind: 'iban',
    pattern: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b/g,
    accept: ibanValid,
  },
  { kind: 'card_number', pattern: /(?<![\w-])\d(?:[ -]?\d){12,18}(?![\w-])/g, accept: looksLikeCard },

  // ---- keyed: a word announces the secret that follows ----
  {
    // "IBAN: DE89 3704 ..." even when a typo breaks the check digits.
    kind: 'iban',
    pattern: /\b(IBAN\s*(?:number|no\.?|#)?\s*(?:is|:|=)?\s*)([A-Z]{2}\d{2}(?: ?[A-Z0-9]{2,4}){2,8})/gi,
    group: 2,
  },
  {
    kind: 'routing_number',
    pattern:
      /\b((?:routing|ABA|sort\s*code|BSB|transit)\s*(?:number|no\.?|#|code)?\s*(?:is|:|=|of)?\s*)(\d{9}|\d{2}[- ]\d{2}[- ]\d{2}|\d{6})\b/gi,
    group: 2,
  },
  {
    kind: 'bank_account',
    pattern:
      /\b((?:bank\s+)?(?:account|acct|a\/c)\s*(?:number|no\.?|num|#)?\s*(?:is|:|=|ending\s+in)?\s*#?\s*)(\d(?:[ -]?\d){5,16})\b/gi,
    group: 2,
  },
  {
    // A quoted password may hold spaces: take everything up to the closing quote.
    kind: 'password',
    pattern: /\b((?:password|passwd|passphrase|passcode|pwd|pw)(?:\s+(?:is|was)\s+|\s*[:=]\s*))(["'`])([^"'`\n]{1,200})(?=\2)/gi,
    group: 3,
  },
  {
    kind: 'password',
    pattern: /\b((?:password|passwd|passphrase|passcode|pwd|pw)(?:\s+(?:is|was)\s+|\s*[:=]\s*)["'`]?)([^\s"'`,;]*[^\s"'`.,;:!?)])/gi,
    group: 2,
    accept: (v) => !passwordDescriptions.has(v.toLowerCase().replace(/[.,!?;]+$/, '')),
  },
  { kind: 'password', pattern: /\b(PIN(?:\s+(?:code|number))?(?:\s+(?:is|was)\s+|\s*[:=]\s*))(\d{4,8})\b/gi, group: 2 },
  {
    // Long opaque values after key/token/secret words: hex, base64, or mixed.
    kind: 'secret',
    pattern:
      /\b((?:api[_ -]?key|access[_ -]?key|secret(?:[_ -]?(?:access[_ -]?)?key)?|client[_ -]?secret|private[_ -]?key|auth[_ -]?token|access[_ -]?token|refresh[_ -]?token|token|key)\s*(?:is|:|=)?\s*["'`]?)([A-Za-z0-9_+/=.-]{16,})/gi,
    group: 2,
    accept: hasLetterAndDigit,
  },
];

/** Replaces secrets with `[REDACTED:<kind>]` and says what it replaced. */
export function redactSecrets(text: string): Redaction {
  const redactions: SecretKind[] = [];
  let out = text;
  for (const rule of rules) {
    out = out.replace(rule.pattern, (match: string, ...groups: unknown[]) => {
      const group = rule.group ?? 0;
      const value = group === 0 ? match : String(groups[group - 1] ?? '');
      if (!value || value.startsWith('[REDACTED:') || (rule.accept && !rule.accept(value))) return match;
      redactions.push(rule.kind);
      if (group === 0) return redactionMark(rule.kind);
      // Keep the announcing words ("password: ") and replace only the value.
      const prefix = groups.slice(0, group - 1).map((g) => String(g ?? '')).join('');
      return match.slice(0, prefix.length) + redactionMark(rule.kind) + match.slice(prefix.length + value.length);
    });
  }
  return { text: out, redactions };
}
