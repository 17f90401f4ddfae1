// "Where can I download last month's invoice?", "how do I change the billing email": the customer asks
// how or where to do something themselves, in the six languages memdesk answers in. A billing message
// that only asks this is answered from the help center (core/assess.ts); one that reports something gone
// wrong with money (a double charge, a refund, a decline, a wrong invoice) is a dispute a person settles.
// Rules, like a person's request: the question form and the dispute words are facts of the language,
// read line by line, not a model's guess. The issue-type model reads both as `billing` at 0.99 and puts
// how_to under 0.01, so its probabilities cannot tell them apart.
// Two questions name a money word without reporting a problem, and are read as asking: what a policy
// says ("can I check your money back policy?") and why a card was declined ("Why was my card payment
// declined?"): no charge was made, and the help center gives the bank's reasons and what to do next.

const asksHow = [
  // en: how do I / how to / where can I / where is; can I …, is it possible to …, is there a way to …
  /\bhow\s+(?:do|can|could|should|would|does|did|may)\s+(?:i|we|you|one|my|our|the)\b|\bhow\s+to\b|\bwhere\s+(?:do|can|could|should|would|does|did|is|are|to|may)\b|\bwhere['’]s\b|\b(?:can|could|may)\s+(?:i|we)\b|\b(?:is|are)\s+(?:it|there (?:a|any) way)\s+(?:possible\s+)?to\b|\bis there (?:a|any) way\b|\b(?:am i|are we) able to\b/i,
  // en: "I don't know how / where / what to do to …", "what do I need to do to …", "help me download …",
  // "I need help checking my bill", "I want to see my invoice", "I have to change the card", "we'd like to be billed yearly", "check invoice #…"
  /\b(?:do\s*n[o’']?t|cannot|can[’']?t|can not)\s+(?:know|find|see|figure out|work out|tell)\s+(?:how|where|what (?:i|we) (?:have|need) to do|what to do)\b|\bwhat (?:do|should|must|would) (?:i|we) (?:need to |have to )?do\b|\bwhat to do to\b|\b(?:help|assistance)\s+(?:me\s+)?(?:to\s+|with\s+)?(?:download|find|get|see|view|check|locat|look|list|chang|updat|edit|add|remov|access|export|print|giv\w* (?:a|an) (?:quick )?look)\w*|\b(?:i|we)(?:\s+(?:want|need|would like|wish|wanna|have to|have got to|must|try|am trying)|\s*['’](?:d like|m trying))\s+(?:to\s+)?(?:download|see|view|find|get|check|locate|look (?:at|for)|list|change|update|edit|add|remove|access|export|print|switch|move|pay|be (?:billed|invoiced)|set ?up|enable|turn on|activate)\b|^\s*(?:please\s+)?(?:download|find|locate|see|view|check|show me|look (?:at|for)|change|update)\b/i,
  // en: a copy of the billing records asks where they are: "I would like a bank statement for my business", "I need
  // copies of our receipts", "what are the last ten transactions I've made", "show me my recent payments"
  /\b(?:i|we)(?:\s+(?:want|need|would like|wish|wanna)|\s*['’]d like)\s+(?:(?:a|an|my|our|the|all|all of (?:my|our))\s+)?(?:cop(?:y|ies)\s+of\s+(?:(?:a|an|my|our|the|all)\s+)?)?(?:[\p{L}-]+\s+){0,2}?(?:statements?|invoices?|receipts?|(?:billing|payment|transaction) history)\b|\b(?:what\s+(?:are|were)|show\s+me|list)\s+(?:my|our|the|all)\s+(?:(?:last|latest|recent|past|previous)\b[^.?!\n]{0,30}?\b)?(?:transactions|payments|charges|invoices|receipts|statements)\b/iu,
  // en: a question what something costs, how long it takes, what its limits or options are: "how long until my transfer
  // goes through?", "is there an amount limit to my top-up?", "what major card payments are accepted?" — asked of no
  // one charge, so no invoice ID would tell the customer the answer
  /\bhow\s+(?:long|much|many|soon|fast|quickly)\b|\bwhat(?:['’]s|\s+is|\s+are)\s+(?:the\s+|your\s+)?(?:fastest|quickest|cheapest|limits?|fees?|costs?|options?|exchange rates?|minimum|maximum|rates?|processing times?)\b|\bis there\s+(?:a|an|any)\s+(?:[\w-]+\s+)?(?:limit|fee|minimum|maximum|option|feature|cap)\b|\bwhat\s+(?:(?:major|other)\s+)?(?:options|stores|shops|cards?|card payments|currencies|countries|payment (?:methods|options))\b|\bwhich\s+(?:cards?|currencies|countries|payment (?:methods|options)|stores|shops)\b|\bwhen\s+(?:should|will|can|do)\s+(?:i|we)\s+(?:expect|see|get|receive)\b/i,
  // en: a question about how something works in general, plural or with more words before what it asks of: "Are there
  // any extra hidden fees for exchanging currencies?", "is there any limits on top-ups"; a bare "what is an overdraft?"
  // asks what a word means. Neither is about one charge.
  /\b(?:is|are)\s+there\s+(?:a|an|any)\s+(?:[\w-]+\s+){0,3}?(?:limits?|fees?|minimums?|maximums?|options?|features?|caps?|costs?)\b|^\s*what(?:['’]s|\s+is|\s+are)\s+(?:a|an)\s+[\w-]+(?:\s+[\w-]+)?\s*\?*\s*$/i,
  // de
  /\bwie\s+(?:kann|können|könnte|muss|müssen|soll|sollen|lade|ändere|finde|bekomme|sehe|komme)\b|\bwo\s+(?:kann|können|finde|finden|sehe|sehen|bekomme|ist|sind|steht|stehen)\b|\bkann\s+ich\b|\bist es möglich\b/i,
  // fr
  /\bcomment\s+(?:puis-je|pouvons-nous|peut-on|faire|je peux|on peut|télécharger|changer|modifier|obtenir|trouver|voir)|(?:^|\s)où\s+(?:puis-je|trouver|est|sont|se trouve|se trouvent|peut-on|je peux|télécharger|voir)|\best-(?:il|ce qu[’']il est) possible\b|\bpuis-je\b/i,
  // es
  /\bc[oó]mo\s+(?:puedo|podemos|se puede|descargo|cambio|obtengo|encuentro|hago|veo)|\bd[oó]nde\s+(?:puedo|est[aá]n?|encuentro|descargo|veo|se)\b|\bes posible\b|\bpuedo\b/i,
  // pt
  /\bcomo\s+(?:posso|podemos|fa[çc]o|baixo|altero|mudo|encontro|consigo|vejo)|\bonde\s+(?:posso|est[aá]|ficam?|encontro|baixo|vejo)\b|\b[eé] poss[ií]vel\b|\bposso\b/i,
  // nl
  /\bhoe\s+(?:kan|kunnen|moet|download|wijzig|verander|vind|zie)\b|\bwaar\s+(?:kan|kunnen|vind|staat|staan|is|zijn|zie)\b|\bkan ik\b|\bis het mogelijk\b/i,
];

// Something went wrong with money: charged twice or too much, a refund, a declined or failed payment, a
// wrong invoice, a charge they did not expect, money that is missing, a payment that does not work, or
// "why was I charged", an amount other than agreed ("charged $99 instead of $49", not "pay yearly instead of monthly", which asks how; "billed for 12 seats but we only
// have 5", "charged without notice"). "How do I get a refund for the double charge?" asks how, but a person decides a refund.
const moneyProblem = [
  // en
  /\b(?:charged|billed|invoiced)\s+(?:me\s+|us\s+)?(?:twice|two times|2 times|double|multiple times|several times|again|more|too much|after|even though|for (?:a|an|something)\b)|\bdouble[- ]?(?:charg|bill)|\bduplicate (?:charge|payment|invoice)|\bover-?(?:charg|bill)|\brefund|\bmoney back\b|\breimburs|\brebate|\bcompensat|\bcharge-?back|\bdisput|\bwrong\b|\bincorrect\b|\bmistake|\berror\b|\bdeclin|\bfail(?:ed|s|ing|ure)?\b|\b(?:did\s*n[o’']?t|did not|does\s*n[o’']?t|won[’']?t) go through\b|\bbounced\b|\brejected\b|\bunexpected\b|\bunauthori[sz]ed\b|\b(?:did\s*n[o’']?t|did not|never)\s+(?:authori[sz]e|make|order|agree|sign up)\b|\b(?:do\s*n[o’']?t|do not|not)\s+recogni[sz]e\b|\bextra (?:charge|fee)|\btoo much\b|\b(?:more|higher) than\b|\bstill (?:being )?(?:charged|billed)\b|\bwhy\s+(?:was|am|is|are|were|did|have|has|do|does)\b[^.?!\n]{0,40}?\b(?:charg|bill|invoic|pa(?:y|id)|fee|cost|price|amount)|\blocked\b|\bsuspended\b|\bduplicate\b|\b(?:cancel|reverse|undo|revoke|return)\s+(?:a |an |the |my |our |this |that )?(?:previous |last |recent )?(?:purchase|order|payment|charge|transaction)|\b(?:unhappy|not happy|dissatisfied|complain)|\b(?:is|are|has|have|does|do|did)\s*n[o’']?t\s+(?:work|worked|working|there|showing|show(?:n|ed)? up|arrived|come through|gone through)\b|\bnot (?:working|showing|there)\b|\bunable to\b|\bfix\b|\bmissing\b|\bstrange\b|\bsuspicious\b|\bwhere (?:is|did|has) (?:my|the|our) money\b|\b(?:charg|bill|invoic|paid|cost|price|amount|fee)\w*\b[^.?!\n]{0,60}?\binstead of\b|\binstead of\s+(?:the\s+|our\s+)?(?:[$€£]\s?)?\d|\bwithout (?:any |prior |advance )?(?:notice|warning|asking|(?:my|our) (?:consent|permission|approval))\b|\bbut (?:i|we) (?:only|just) (?:have|had|use|used|need|needed|ordered|bought|signed up)\b/i,
  // de
  /\bdoppelt|\bzweimal\b|erstatt|\bzurück(?:zahl|buch|erstatt|geld)|\bfalsch|\bfehler|\babgelehnt|\bfehlgeschlagen|\bzu viel\b|\bwarum\s+(?:wurde|wurden|habe|hat|ist)\b|\bunberechtigt|\bgesperrt\b/i,
  // fr
  /\bdeux fois\b|\ben double\b|\brembours|\berron|\bincorrect|\bfaux\b|\bfausse\b|\berreur|\brefus|\béchou|\btrop\b|\bpourquoi\s+(?:ai-je|j[’']ai|a-t-on|on m[’']a|ma|mon)\b|\bbloqué/i,
  // es
  /\bdos veces\b|\bduplicad|\bdoble (?:cargo|cobro)|\breembols|\bdevoluci|\bincorrect|\berr[oó]ne|\berror\b|\bequivocad|\brechazad|\bfall[oó]\b|\bde m[aá]s\b|\bpor qu[eé]\s+(?:me\s+)?(?:cobr|factur|carg)|\bbloquead/i,
  // pt
  /\bduas vezes\b|\bduplicad|\bem dobro\b|\breembols|\bestorn|\bdevolu|\bincorret|\berrad|\berro\b|\brecusad|\bfalhou\b|\ba mais\b|\bpor ?que\s+(?:fui|me)\s+cobr|\bbloquead/i,
  // nl
  /\btwee keer\b|\bdubbel|\bterugbetal|\bgeld terug\b|\brestitutie|\bverkeerd|\bonjuist|\bfout\b|\bgeweigerd|\bmislukt|\bte veel\b|\bwaarom\s+(?:is|werd|ben|zijn|heb|hebben)\b|\bgeblokkeerd/i,
];

/** The customer says something went wrong with a charge, a payment, a refund or an invoice. */
export function reportsMoneyProblem(text: string): boolean {
  return moneyProblem.some((pattern) => pattern.test(text));
}

// The name of a policy: "refund policy", "money back guarantee", "reimbursement policy". Asking about it
// asks what it says; a refund of their own is a dispute ("your refund policy says 14 days, refund me").
const policyName = /\b(?:refund|reimbursement|money[- ]?back|return|cancellation|chargeback)s?\s+(?:policy|policies|guarantee|terms|conditions|rules)\b/i;
// What the policy allows, asked without its name (qa7: "help checking in what cases can i ask to be refunded" was asked
// for an invoice ID): "in which cases can I request a refund", "under what circumstances can I request reimbursements".
// Of 26,110 public English support texts this matches 72, all check_refund_policy; 68 of them were read as disputes.
const policyConditions =
  /\b(?:in|under)\s+(?:what|which)\s+(?:cases?|situations?|circumstances?|conditions?)\b[^.?!\n]{0,40}?\b(?:refund\w*|reimburs\w*|money\s+back)/i;
// "Why was my card payment declined?", "my card declined yesterday and I want to know why": the reason for
// a decline, with no charge, refund, invoice or amount between "why" and the decline.
const noMoneyWord = String.raw`(?:(?!charg|bill|invoic|refund|fee|amount|[$€£]|\d)[^.?!\n])`;
const whyDeclined = new RegExp(
  String.raw`\bwhy\b${noMoneyWord}{0,60}?\b(?:declin\w*|fail\w*|(?:has|have|did|does|is|was)\s*n[o'’]?t\s+(?:gone|go|going|went)\s+through)|\b(?:declin\w*|fail\w*)${noMoneyWord}{0,60}?\b(?:know|tell me|understand|find out)\s+why\b`,
  'i',
);

// How long a kind of money movement takes in general: "how long do refunds take?", "when does a refund arrive?",
// "how quickly are chargebacks processed?". It names no refund of theirs ("my refund", "the refund you approved"
// is one a person looks up), so the process word is no dispute, as a policy's name is not.
const processTiming = /\b(?:how\s+(?:long|soon|quickly|fast)|when)\s+(?:do|does|will|would|are|is|can)\s+(?:(?:a|an|your)\s+)?(?:refunds?|reimbursements?|chargebacks?|credits?|money[- ]back)\b/i;

// Global copies for replacing every occurrence, built once rather than on every message.
const everyPolicyName = new RegExp(policyName, 'gi');
const everyPolicyConditions = new RegExp(policyConditions, 'gi');
const everyProcessTiming = new RegExp(processTiming, 'gi');
const everyWhyDeclined = new RegExp(whyDeclined, 'gi');

// The message with its questions about money in general taken out: a policy's name, how long a refund takes, why a card
// was declined. What is left reports a problem with a charge or it does not.
function withoutGeneralMoneyQuestions(text: string): string {
  return text.replace(everyPolicyName, 'policy').replace(everyPolicyConditions, 'policy').replace(everyProcessTiming, 'how long').replace(everyWhyDeclined, ' ');
}

/**
 * The customer says something went wrong with a charge, a payment, a refund or an invoice of theirs; a policy's name, how
 * long refunds take or why cards are declined ask about no charge of theirs. "What's my balance?", "can you change my
 * billing frequency?" or "I want to set up automatic payments" report nothing wrong: no invoice ID would help with them.
 */
export function reportsChargeProblem(text: string): boolean {
  const own = withoutGeneralMoneyQuestions(text);
  return reportsMoneyProblem(own) || chargeTrouble.some((pattern) => pattern.test(own));
}

// A charge of theirs the customer points at or questions, trouble with a payment named as such, a charge that should not
// have been made, and a credit owed to them (money back, as a refund is): "what is this $1 charge on my statement?", "I
// was charged a fee", "can you check the charge on our card?", "I didn't buy this twice", "a $12 charge nobody here recognises", "is there a discount on my last
// invoice?" (one invoice of theirs), "solve an issue with online payment", "the credit you promised". Not
// "will I be charged abroad?" (a question about charges in general) nor "what do I owe?". Not disputes the self-serve
// rule needs: "how do I pay this invoice?" is still a question how.
const chargeTrouble = [
  /\b(?:this|that|these|those|another)\s+(?:[\p{L}\p{N}$€£.,-]+\s+){0,2}?(?:charges?|fees?|payments?|purchases?|transactions?|debits?|withdrawals?)\b|(?<!\b(?:be|get|gets|getting)\s)\b(?:charged|chaged|billed)\b|\btwice\b|\b(?:did\s*n[o'’]?t|did not|never)\s+(?:buy|purchase|pay for|spend|get|receive|withdraw|take out)\b|\bsays?\s+(?:that\s+)?i\s+did\b|\b(?:do\s*n[o'’]?t|do not|don['’]t)\s+remember\s+(?:buying|purchasing|paying for|making)\b|\bnot\s+okay\s+with\b|\bthe\s+(?:[\p{L}\p{N}$€£.,-]+\s+){0,2}?(?:charge|fee|payment|debit|transaction|withdrawal)\s+(?:on|in|from)\s+(?:my|our|the)\b|[$€£]\s?\d[\d.,]*\s+(?:charges?|fees?|payments?|debits?)\b|\b(?:no ?one|nobody|none of us)\b[^.?!\n]{0,30}\brecogni[sz]|\b(?:my|our|the|this|that|last|latest|recent|previous|current)\s+(?:[\p{L}-]+\s+)?invoice\b(?!s)/iu,
  // A payment that has not arrived, as "hasn't arrived" is in English (the dispute rules above): "Unsere Überweisung ist noch
  // nicht angekommen", "Mon virement n'est pas arrivé", "Onze overboeking is niet aangekomen".
  /\bnicht\s+(?:angekommen|eingegangen|erhalten|gutgeschrieben)\b|\bn['’]est\s+pas\s+(?:arrivé|arrivée|parvenu|crédité)|\bpas\s+(?:reçu|été crédité)|\bno\s+(?:ha\s+llegado|lleg[oó]|he\s+recibido|recib[ií])\b|\bn[ãa]o\s+(?:chegou|recebi|caiu|foi creditad)|\bniet\s+(?:aangekomen|ontvangen|binnen|bijgeschreven)\b/iu,
  // One invoice of theirs, named, in the other languages: "meine letzte Rechnung", "cette facture", "mi última factura".
  /\b(?:meine|unsere|die|diese|letzte)\s+(?:\p{L}+\s+)?Rechnung\b|\b(?:ma|notre|la|cette|dernière)\s+(?:\p{L}+\s+)?facture\b|\b(?:mi|nuestra|la|esta|última)\s+(?:\p{L}+\s+)?factura\b|\b(?:minha|nossa|a|esta|última)\s+(?:\p{L}+\s+)?fatura\b|\b(?:mijn|onze|de|deze|laatste)\s+(?:\p{L}+\s+)?factuur\b/iu,
  /\b(?:diese[rns]?|jene[rns]?)\s+(?:\S+\s+){0,2}?(?:Abbuchung|Gebühr|Belastung|Zahlung|Buchung)|\bbelastet\b/iu,
  /\b(?:ce|cet|cette|ces)\s+(?:\S+\s+){0,2}?(?:prélèvement|frais|débit|paiement|montant)|\bprélevé|\bdébité/iu,
  /\b(?:este|esta|estos|estas|ese|esa)\s+(?:\S+\s+){0,2}?(?:cargo|cobro|comisi[oó]n|pago|importe)|\bme\s+(?:cobraron|han cobrado|cargaron)\b/iu,
  /\b(?:este|esta|estes|estas|esse|essa)\s+(?:\S+\s+){0,2}?(?:cobran[çc]a|taxa|d[eé]bito|pagamento|valor)|\bfui cobrad/iu,
  /\b(?:deze|die)\s+(?:\S+\s+){0,2}?(?:afschrijving|kosten|betaling|transactie)|\bafgeschreven\b/iu,
  /\b(?:a|the|my|our|that|this|promised|manual|account|billing|service)\s+credits?\b(?!\s+(?:cards?|limits?|scores?|lines?|checks?|reports?|history|unions?))/i,
  /\b(?:problems?|issues?|trouble)\s+(?:with|paying|on)\s+(?:(?:a|an|my|our|the|this|that|online|card|recent|last)\s+){0,2}(?:payments?|charges?|invoices?|bills?|transactions?|subscription fees?)\b|\bshould\s*(?:n[o'’]?t|not)\s+have\s+(?:been\s+)?(?:charged|billed|paid|taken)\b|\bshould\s*(?:n[o'’]?t|not)\s+have\s+been\b/i,
  /\bProblem\w*\s+(?:mit|bei)\s+(?:der|meiner|unserer|einer)?\s*(?:Zahlung|Abbuchung|Rechnung)/i,
  /\bprobl[eè]me\s+(?:avec|de)\s+(?:mon|ma|le|la|un|une)?\s*(?:paiement|facture|prélèvement)/i,
  /\bproblema\s+con\s+(?:mi|el|la|un|una)?\s*(?:pago|cargo|factura|cobro)/i,
  /\bproblema\s+(?:com|no|na)\s+(?:o|a|meu|minha)?\s*(?:pagamento|cobran[çc]a|fatura)/i,
  /\bprobleem\s+met\s+(?:de|mijn|een)?\s*(?:betaling|factuur|afschrijving)/i,
];

/** The customer asks how or where to do something themselves, and says nothing went wrong with a charge, a payment or an invoice. */
export function asksSelfServe(text: string): boolean {
  const asked = withoutGeneralMoneyQuestions(text);
  // A decline beside a charge ("why did it fail and charge me anyway") is a dispute again.
  const asksWhyDeclined = whyDeclined.test(text) && !/charg|bill|invoic|refund|\bfees?\b|amount|[$€£]/i.test(asked);
  const asks = asksHow.some((pattern) => pattern.test(text)) || policyName.test(text) || policyConditions.test(text) || asksWhyDeclined;
  return asks && !reportsMoneyProblem(asked);
}
