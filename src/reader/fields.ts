// The fields the policy may ask for, as the customer wrote them. Patterns, because an id's shape
// is a fact about the product, not something to learn from text.

// An address from its first letter or digit: "...john@x.com" gives john@x.com, "a@b.c-" a@b.c (so the shared
// EMAIL_ADDRESSES, which keeps the dots and the hyphen, cannot serve here). It is the match `\b[\w.+-]+@…\b` finds,
// but tried only where a run of address characters starts, past its leading dots, pluses and hyphens (the
// lookbehind), not at every word boundary in the run: that took quadratic time (a 40,000-character "a.a.a…"
// took 4.5 s to read, and as long again to take the fields out). Every start in one run ends its local part at
// the run's end, so the run's first boundary matches when any of its boundaries would.
const addressBody = String.raw`[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b`;
const email = new RegExp(String.raw`\b(?<=(?<![\w.+-])[.+-]*)${addressBody}`);
/** Right where the last address ended, inside the same run ("a@b.c+x@d.e"): where a global `\b…` search goes on. */
const emailRightAfter = new RegExp(String.raw`\b${addressBody}`, 'y');

const patterns: [field: string, pattern: RegExp, normalise: (match: string) => string][] = [
  [
    'invoice_id',
    /\b(INV[-_ ]?\d[\w-]*)\b|\b(?:invoice|rechnung(?:s(?:nummer|nr\.?))?|facture|factura|fatura|factuur)\s*(?:id|number|no\.?|nr\.?|n[°º]|número|numéro|#)?\s*(?:is\s*)?[:#]?\s*#?((?=[A-Z0-9-]*\d)[A-Z0-9][\w-]{3,})/i,
    (id) => id.toUpperCase().replace(/[_ ]/g, '-'),
  ],
  ['email', email, (address) => address.toLowerCase()],
  [
    'order_id',
    /\b(ORD[-_]?\d[\w-]*)\b|\b(?:order|bestellung|commande|pedido|encomenda|bestelling)\s*(?:id|number|no\.?|nr\.?|n[°º]|número|numéro|#)?\s*(?:is\s*)?[:#]?\s*#?((?=[A-Z0-9-]*\d)[A-Z0-9][\w-]{3,})/i,
    (id) => id.toUpperCase(),
  ],
  [
    'workspace_id',
    /\b(?:workspace|team|tenant|org(?:ani[sz]ation)?|arbeitsbereich|espace de travail|espacio de trabajo|espaço de trabalho|werkruimte)\s*(?:id)?\s*[:#]?\s*((?=[\w-]*\d)[A-Za-z][\w-]{3,}|T[A-Z0-9]{6,})\b|\b(ws_[\w-]+|T0[A-Z0-9]{6,})\b/i,
    (id) => id,
  ],
  [
    'error_code',
    /\b(?:error|fehler|erreur|erro|fout|code|status)\s*(?:code)?\s*[:#]?\s*([A-Z]{1,5}[-_]?\d{2,6}|[45]\d\d|ERR_[A-Z_]+)\b|\b(ERR_[A-Z_]+|E\d{3,5})\b|\b(50[0-4]|40[0-4]|429)\s+(?:error|bad gateway|internal server error|service unavailable|gateway time-?out|not found|forbidden|unauthori[sz]ed|too many requests)/i,
    (code) => code.toUpperCase(),
  ],
];

export function extractFields(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [field, pattern, normalise] of patterns) {
    const match = pattern.exec(text);
    const value = match?.slice(1).find((group) => group !== undefined) ?? (field === 'email' ? match?.[0] : undefined);
    if (value) fields[field] = normalise(value);
  }
  return fields;
}

/** The message without the identifiers the policy asks for (an invoice ID, an error code): what is left says what it is about. */
export function withoutFields(text: string): string {
  return everyField.reduce((rest, [field, pattern]) => (field === 'email' ? withoutEmails(rest) : rest.replace(pattern, ' ')), text);
}

/** Each field's pattern as a global one, built once (a replace with a global pattern starts from the beginning each time). */
const everyField = patterns.map(([field, pattern]) => [field, new RegExp(pattern.source, 'gi')] as const);
/** Where an address starts anywhere after the last one (withoutEmails sets lastIndex before each search). */
const emailAnywhere = new RegExp(email.source, 'g');

/** Every address replaced by a space, as a global `\b[\w.+-]+@…\b` replace would, in linear time. */
function withoutEmails(text: string): string {
  let out = '';
  let kept = 0;
  for (;;) {
    emailRightAfter.lastIndex = kept;
    const match = (kept > 0 ? emailRightAfter.exec(text) : null) ?? ((emailAnywhere.lastIndex = kept), emailAnywhere.exec(text));
    if (!match) return out + text.slice(kept);
    out += `${text.slice(kept, match.index)} `;
    kept = match.index + match[0].length;
  }
}
