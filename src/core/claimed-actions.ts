// "A claimed action always has a record behind it." memdesk can ask, answer, escalate, tell a CSM and
// remember; it cannot refund, credit, reverse, waive, cancel, delete, reset, rotate, up- or downgrade or
// apply a discount. A model writing the customer's text can still say it did ("Refunded!", "I've
// cancelled your subscription") or that it handed the ticket to a person when no escalation ran. This
// reads a customer-facing text for such claims, in the six languages memdesk answers in.
//
// Not claims: instructions ("you can request a refund under Settings > Billing") and the customer's
// words have no first-person "done"; conditionals ("if we refund…") are skipped; sentences quoted from
// the turn's help-center passages are the article's words, not ours; text in quotation marks is someone
// else's. History is not a claim of this turn: a sentence that dates the action ("the credit we applied
// in March") refers to what memory recorded, a record a person made, so it passes.

/** What the turn has on record: an escalation (made now, or the ticket is already with a person). */
export interface ClaimRecords {
  escalated: boolean;
  /** Texts the reply may quote word for word (the help-center passages retrieved for the turn). */
  quoted: readonly string[];
}

// One pattern per kind and language; lowercased text, straight apostrophes. `[^.!?]{0,80}?` lets an
// object sit between the auxiliary and the participle (German, Dutch and French put it there).
const gap = '[^.!?]{0,80}?';
const cannot: RegExp[] = [
  // en: "I've refunded", "we have cancelled", "I'll reset your 2FA", "your subscription has been cancelled", "Refunded!"
  // (a bare present, "we refund duplicate charges", is the help center's policy, not a deed)
  /\b(?:i|we)(?:'ve| have| had)?(?:\s+(?:just|now|already|also|successfully|fully|gone ahead and|went ahead and))*\s+(?:refunded|credited|reversed|waived|cancell?ed|deleted|reset|rotated|upgraded|downgraded|reimbursed|voided)\b/,
  /\b(?:i|we)(?:'ll| will| am going to| are going to|'m going to|'re going to)(?:\s+(?:just|now|also))*\s+(?:refund|credit|reverse|waive|cancel|delete|reset|rotate|upgrade|downgrade|reimburse|void)\b/,
  /\b(?:i|we)(?:(?:'ve| have)(?:\s+(?:just|now|already|also))*\s+(?:applied|issued|processed|removed|changed|closed|deactivated|terminated)|(?:'ll| will)\s+(?:apply|issue|process|remove|change|close|deactivate|terminate)|\s+(?:applied|issued|processed|removed|changed|closed|deactivated|terminated))\b[^.!?]{0,40}?\b(?:refund|credit|discount|coupon|charge|subscription|plan|account|password|2fa|two-factor|api key|key)s?\b/,
  /\b(?:has|have|had)\s+(?:now\s+|already\s+|just\s+|successfully\s+)*been\s+(?:refunded|credited|reversed|waived|cancell?ed|deleted|reset|rotated|upgraded|downgraded|reimbursed|voided|applied|issued|processed)\b/,
  /\b(?:is|are)\s+now\s+(?:refunded|credited|reversed|waived|cancell?ed|deleted|reset|rotated|upgraded|downgraded)\b/,
  // "was" only of the customer's own things: "the certificate was rotated in the IdP" is a cause the help center names
  /\b(?:your|the)\s+(?:\w+\s+){0,2}?(?:charge|payment|subscription|account|plan|refund|credit|invoice|password|key|2fa|fee|workspace)s?\s+(?:was|were)\s+(?:just\s+|successfully\s+)?(?:refunded|credited|reversed|waived|cancell?ed|deleted|reset|rotated|upgraded|downgraded|reimbursed)\b/,
  /^(?:all\s+)?(?:refunded|credited|cancell?ed|deleted|reversed|waived)\s*(?:[!.,—–-]|$)/,
  /\byou(?:'ll| will)\s+(?:see|receive|get)\s+(?:the|your|a)\s+(?:refund|credit|money)\b/,
  /\b(?:refund|credit)\s+(?:is|has been)\s+(?:on its way|being processed|approved)\b/,
  // de: "ich habe … erstattet", "wir haben Ihr Abo gekündigt", "wurde storniert", "ich werde … löschen"
  new RegExp(`\\b(?:ich\\s+habe|ich\\s+hab|wir\\s+haben|habe\\s+ich|haben\\s+wir|wurde|wurden|ist|sind)\\b${gap}\\b(?:erstattet|rückerstattet|zurückerstattet|gutgeschrieben|storniert|gekündigt|gelöscht|zurückgesetzt|zurückgebucht|erlassen|herabgestuft|hochgestuft|rotiert)\\b`),
  new RegExp(`\\b(?:ich\\s+werde|wir\\s+werden)\\b${gap}\\b(?:erstatten|rückerstatten|gutschreiben|stornieren|kündigen|löschen|zurücksetzen|zurückbuchen|erlassen)\\b`),
  /^(?:erstattet|storniert|gekündigt|gelöscht)\s*(?:[!.,]|$)/,
  // fr: "j'ai remboursé", "je vous ai remboursé", "nous avons annulé", "a été résilié", "je vais supprimer"
  /(?:\bj'ai|\bje\s+(?:vous\s+|t'|l'|les\s+)?ai|\bnous\s+(?:vous\s+|l'|les\s+)?avons|\bon\s+(?:vous\s+)?a|\ba\s+été|\bont\s+été|\best|\bsont)\s+(?:bien\s+|déjà\s+)*(?:remboursée?s?|créditée?s?|annulée?s?|résiliée?s?|supprimée?s?|réinitialisée?s?|extournée?s?|rétrogradée?s?)(?=[^\p{L}]|$)/u,
  /\b(?:je\s+vais|nous\s+allons)\s+(?:vous\s+|le\s+|la\s+|les\s+)?(?:rembourser|annuler|résilier|supprimer|réinitialiser|créditer)\b/,
  /^(?:remboursée?|annulée?|résiliée?)\s*(?:[!.,]|$)/,
  // es: "he reembolsado", "hemos cancelado", "ha sido anulada", "se ha cancelado", "reembolsé", "voy a cancelar"
  /\b(?:he|hemos|ha\s+sido|han\s+sido|fue|fueron|se\s+ha|se\s+han)\s+(?:ya\s+)?(?:reembolsad[oa]s?|acreditad[oa]s?|cancelad[oa]s?|anulad[oa]s?|eliminad[oa]s?|borrad[oa]s?|restablecid[oa]s?|revertid[oa]s?)\b/,
  /(?:^|[^\p{L}])(?:reembolsé|cancelé|anulé|eliminé|borré|restablecí|acredité)(?=[^\p{L}]|$)/u,
  /\b(?:voy\s+a|vamos\s+a)\s+(?:\w+\s+)?(?:reembolsar|cancelar|anular|eliminar|borrar|restablecer|acreditar)/,
  // pt: "reembolsei", "cancelei", "foi estornado", "vou cancelar"
  /(?:^|[^\p{L}])(?:reembolsei|cancelei|excluí|apaguei|redefini|creditei|estornei|reverti|resetei)(?=[^\p{L}]|$)/u,
  /(?:^|[^\p{L}])(?:foi|foram)\s+(?:já\s+)?(?:reembolsad[oa]s?|cancelad[oa]s?|excluíd[oa]s?|apagad[oa]s?|estornad[oa]s?|creditad[oa]s?|redefinid[oa]s?)(?=[^\p{L}]|$)/u,
  /(?:^|[^\p{L}])(?:vou|vamos)\s+(?:\p{L}+\s+)?(?:reembolsar|cancelar|excluir|apagar|estornar|creditar|redefinir)(?=[^\p{L}]|$)/u,
  // nl: "ik heb … terugbetaald", "we hebben je abonnement opgezegd", "is geannuleerd"
  new RegExp(`\\b(?:ik\\s+heb|we\\s+hebben|wij\\s+hebben|heb\\s+ik|hebben\\s+we|hebben\\s+wij|is|zijn|werd|werden)\\b${gap}(?:terugbetaald|teruggestort|gecrediteerd|geannuleerd|opgezegd|verwijderd|gereset|teruggezet|gedowngraded|geüpgraded|kwijtgescholden)(?=[^\\p{L}]|$)`, 'u'),
];

// Handing the ticket to a person: true only when an escalation is on record.
const handedOver: RegExp[] = [
  // en: "I've escalated this", "we've passed this to our billing team", "I created a ticket", "our team will get back to you"
  /\b(?:i|we)(?:'ve|'ll| have| will)?(?:\s+(?:just|now|already|also))*\s+(?:escalated|escalate)\b/,
  /\b(?:i|we)(?:'ve|'ll| have| will)?(?:\s+(?:just|now|already|also))*\s+(?:forwarded|forward|passed|pass|handed|hand|referred|refer|assigned|assign|routed|route|transferred|transfer|sent)\b[^.!?]{0,60}?\b(?:team|colleague|specialist|engineer|person|manager|department|staff|someone|human)s?\b/,
  /\b(?:i|we)(?:'ve|'ll| have| will)?(?:\s+(?:just|now|already|also))*\s+(?:created|create|opened|open|filed|file|raised|raise|logged|log)\s+(?:a|an|your)\s+(?:\w+\s+)?(?:ticket|case|escalation)\b/,
  /\b(?:has|have)\s+been\s+(?:escalated|forwarded|passed on|handed over|assigned)\b/,
  /\b(?:team|colleague|specialist|engineer|someone|person|agent|staff|manager)s?\b[^.!?]{0,60}?\b(?:will|'ll|is going to|are going to)\s+(?:\w+\s+){0,2}?(?:look|get back|contact|reach out|reply|answer|respond|follow up|review|investigate|be in touch|take|handle)\b/,
  /\b(?:team|colleague|specialist|engineer|agent|staff|manager)s?\b[^.!?]{0,40}?\b(?:is|are|'s|'re)\s+(?:already\s+|now\s+)?(?:looking into|investigating|working on|reviewing)\b/,
  /\b(?:team|colleague|specialist|engineer|agent|staff|manager)s?\s+(?:now\s+|already\s+)?(?:has|have)\s+(?:your|this|the)\s+(?:ticket|request|case)\b/,
  // de
  new RegExp(`\\b(?:ich\\s+habe|wir\\s+haben|habe\\s+ich|haben\\s+wir|wurde)\\b${gap}(?<!\\p{L})(?:eskaliert|weitergeleitet|weitergegeben|übergeben|übermittelt)(?!\\p{L})`, 'u'),
  /\b(?:ich\s+habe|wir\s+haben)\b[^.!?]{0,60}?\bticket\b[^.!?]{0,30}?\b(?:erstellt|angelegt|eröffnet)\b/,
  /\b(?:team|kolleg\w*|person|mitarbeiter\w*|jemand)\b[^.!?]{0,60}?\b(?:meldet sich|melden sich|wird sich|werden sich|kümmert sich|kümmern sich|antwortet|antworten)\b/,
  // fr
  /(?:\bj'ai|\bje\s+(?:vous\s+|l'|les\s+)?ai|\bnous\s+(?:l'|les\s+)?avons|\ba\s+été)\s+(?:bien\s+|déjà\s+)*(?:transmise?s?|transférée?s?|escaladée?s?|remontée?s?|créé\s+un\s+ticket|ouvert\s+un\s+ticket)(?=[^\p{L}]|$)/u,
  /(?:équipe|collègue|personne|conseiller|spécialiste)[^.!?]{0,60}?(?:vous\s+répondra|vous\s+contactera|reviendra|va\s+vous|s'en\s+occupera|examinera|va\s+examiner)/,
  // es
  /\b(?:he|hemos|ha\s+sido|fue)\s+(?:ya\s+)?(?:escalad[oa]|transferid[oa]|derivad[oa]|reenviad[oa]|pasad[oa]|cread[oa]\s+un\s+ticket|abiert[oa]\s+un\s+ticket)\b/,
  /(?:equipo|compañer\w+|persona|agente|especialista)[^.!?]{0,60}?(?:te\s+responderá|le\s+responderá|responderán|se\s+pondrá\s+en\s+contacto|te\s+contactará|revisará|se\s+encargará)/,
  // pt
  /(?:^|[^\p{L}])(?:escalei|encaminhei|transferi|repassei|abri\s+um\s+ticket|criei\s+um\s+ticket|foi\s+escalad[oa]|foi\s+encaminhad[oa])(?=[^\p{L}]|$)/u,
  /(?:equipe|colega|pessoa|especialista|atendente)[^.!?]{0,60}?(?:vai\s+responder|responderá|vão\s+responder|vai\s+entrar\s+em\s+contato|entrará\s+em\s+contato|vai\s+analisar|vai\s+cuidar|cuidará)/,
  // nl
  new RegExp(`\\b(?:ik\\s+heb|we\\s+hebben|wij\\s+hebben|heb\\s+ik|hebben\\s+we|is)\\b${gap}(?:doorgestuurd|doorgegeven|geëscaleerd|overgedragen|een\\s+ticket\\s+aangemaakt)(?=[^\\p{L}]|$)`, 'u'),
  /\b(?:team|collega|iemand|medewerker)\b[^.!?]{0,60}?\b(?:neemt contact|antwoordt|pakt het op|komt erop terug|kijkt ernaar)\b/,
];

// A condition before the claim makes it one ("if that doesn't work, I'll get a person on it").
const condition =
  /(?:^|[^\p{L}])(?:if|unless|once|when|whenever|wenn|falls|sobald|si|lorsque|quand|cuando|caso|se\s+(?:você|voce|não|nao|o|a|os|as|houver|for)|quando|als|zodra|indien)(?=[^\p{L}]|$)/u;
// A dated sentence tells history memory recorded ("the credit we applied in March"), not this turn.
const dated =
  /\b\d{4}-\d{2}-\d{2}\b|\b(?:last|previous)\s+(?:week|month|year|time)\b|\bago\b|\bpreviously\b|(?:^|[^\p{L}])(?:january|february|march|april|in may|june|july|august|september|october|november|december|januar|februar|märz|mai|juni|juli|oktober|dezember|janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|novembro|dezembro|januari|februari|maart|mei|augustus|letzten\s+monat|le\s+mois\s+dernier|el\s+mes\s+pasado|mês\s+passado|vorige\s+maand)(?=[^\p{L}]|$)/u;
// A suggestion passed to the product team is recorded as the feature request's outcome, not a ticket.
const productTeam = /(?:^|[^\p{L}])(?:product|produkt\w*|produit|producto|produto|productteam)(?=[^\p{L}]|$)/u;

/** Why `text` claims something this turn has no record of, or null when it claims nothing. */
export function unrecordedClaim(text: string, records: ClaimRecords): string | null {
  const quoted = records.quoted.map(normalized).join('\n');
  for (const sentence of sentencesOf(text)) {
    if (sentence.length > 3 && quoted.includes(sentence)) continue;
    if (dated.test(sentence)) continue;
    const done = firstUnconditional(cannot, sentence);
    if (done) return `the reply claims an action memdesk cannot take ("${done}"); no tool did it`;
    if (records.escalated || productTeam.test(sentence)) continue;
    const handed = firstUnconditional(handedOver, sentence);
    if (handed) return `the reply says a person has the ticket ("${handed}") but no escalation was made`;
  }
  return null;
}

function firstUnconditional(patterns: RegExp[], sentence: string): string | null {
  for (const pattern of patterns) {
    const m = pattern.exec(sentence);
    if (m && !condition.test(sentence.slice(0, m.index + (m[0].length - m[0].trimStart().length)))) return m[0].trim();
  }
  return null;
}

/** Lowercased sentences, quotation marks' contents and quoted lines (someone else's words) removed. */
function sentencesOf(text: string): string[] {
  const own = normalized(text)
    .replace(/^>.*$/gm, ' ')
    .replace(/"[^"\n]*"|“[^”\n]*”|„[^“”\n]*[“”]|«[^»\n]*»/g, ' ');
  // "…" ends a passage the packet cut short: what precedes it is still the article's words.
  return own.split(/[.!?;…\n]+\s*/).map((s) => s.trim()).filter(Boolean);
}

function normalized(text: string): string {
  return text.toLowerCase().replace(/[’‘`´]/g, "'").replace(/[ \t]+/g, ' ');
}
