// "Still doesn't work", "that didn't help", "same error again", in the six languages memdesk answers
// in: the customer says what they tried or were told did not solve it. Rules, like a person's request:
// a follow-up that says this after an answer from the help center is a "No" in words (core/assess.ts).
// Families, not sentences: a negated work/help/fix verb, "still" or "again" with a failure, "the same
// error". Each language's apostrophe may be ' or ’.

const unsolvedSignals = [
  // en: didn't / doesn't / won't / hasn't work, help, fix, solve, change anything; not working / fixed / solved
  /\b(?:did|does|do|has|have|is|was|would|will|wo)\s*(?:n[’']?t|not)\s+(?:work|help|fix|solve|resolve|change|do anything|do a thing|make (?:a|any) difference)\w*|\b(?:not|never)\s+(?:work(?:ing|ed|s)?|help(?:ing|ed|ful)?|fixed|solved|resolved)\b|\bno (?:luck|joy|change|difference)\b|\bnothing (?:changed|happens|happened|helped|worked)\b/i,
  // en: still / again with a failure; the same error; tried / followed it and it fails
  /\bstill\b[^.!?\n]{0,40}?(?:n[’']?t|\bnot\b|\bno\b|\bnothing\b|\bbroken\b|\bfail\w*|\berror\w*|\bsame\b|\bmissing\b|\bstuck\b|\bwrong\b|\bempty\b|\bblank\b|\bhappen\w*)|\b(?:fail\w*|broke\w*|happen\w*|crash\w*|same (?:thing|error|problem|issue))\s+again\b|\bagain\s+(?:the same|it fails|fail\w*|broken|the error)|\bsame (?:error|problem|issue|result|message|thing)\b|\b(?:tried|followed|did)\s+(?:that|this|it|those|these|everything|all (?:of )?(?:that|the steps|those)|the (?:steps|instructions|article|guide))\b[^.!?\n]{0,40}?(?:\bbut\b|\bstill\b|n[’']t\b|\bnot\b|\bno\b)/i,
  // de
  /\b(?:funktioniert|klappt|geht)\s+(?:immer\s+)?(?:noch\s+)?(?:immer\s+)?nicht\b|\b(?:immer noch|noch immer)\b[^.!?\n]{0,40}?\b(?:nicht|kein\w*|nichts|fehler|kaputt|gleich\w*|dasselbe|derselbe|dieselbe)\b|\bhat\s+(?:nicht|nichts|leider nicht)\s+(?:geholfen|funktioniert|geklappt|gebracht)|\bhat\s+nichts\s+geändert|\b(?:derselbe|der\s+gleiche|dieselbe|die\s+gleiche|gleiche[rn]?)\s+(?:fehler|problem)|\bschon\s+wieder\b|\bwieder\s+(?:der|das|die)\s+(?:gleiche|selbe)/i,
  // fr
  /\b(?:ne\s+|n[’'])?(?:marche|fonctionne|va)\s+(?:toujours\s+)?pas\b|\btoujours\s+(?:pas|le même|la même|bloqué\w*|en panne|rien|aucun\w*)|(?:^|\s)(?:ça|cela|ce|il|elle)\s+n[’']a\s+(?:pas|rien)\s+(?:marché|fonctionné|aidé|résolu|changé)|\bn[’']a\s+rien\s+changé|\b(?:même|la même)\s+(?:erreur|problème)|\bencore\s+(?:le même|la même|une fois l[’']erreur|planté|bloqué)/i,
  // es
  /\b(?:sigue|siguen)\s+(?:sin\s+funcionar|igual|fallando|sin\s+(?:ir|andar)|dando\s+error|el mismo|la misma|con el mismo)|\b(?:todavía|aún|aun)\s+no\s+(?:funciona|va|anda|sirve|puedo)|\bno\s+(?:me\s+)?(?:funcionó|funciono|sirvió|sirvio|ayudó|ayudo|resolvió|resolvio|cambió|cambio nada)|\b(?:el\s+)?mismo\s+(?:error|problema)|\botra\s+vez\s+(?:el|la|lo)\s+mism[oa]/i,
  // pt
  /\b(?:ainda|continua)\s+(?:não|nao)\s+(?:funciona|resolve|deu|consigo|aparece|carrega|dá)|\bcontinua\s+(?:sem\s+funcionar|dando\s+erro|igual|o mesmo|a mesma|com o mesmo|travad\w*)|\bnão\s+(?:funcionou|resolveu|ajudou|deu certo|adiantou|mudou nada)|\bnao\s+(?:funcionou|resolveu|ajudou|deu certo|adiantou)|\b(?:o\s+)?mesmo\s+(?:erro|problema)|\bde\s+novo\s+(?:o|a)\s+mesm[oa]/i,
  // nl
  /\bwerkt\s+(?:nog\s+(?:steeds|altijd)\s+)?niet\b|\bnog\s+(?:steeds|altijd)\s+(?:niet|hetzelfde|dezelfde|kapot|fout|geen)|\bheeft\s+niet\s+(?:geholpen|gewerkt)|\bhielp\s+niet\b|\b(?:dezelfde|zelfde)\s+(?:fout|foutmelding|probleem)|\bweer\s+(?:dezelfde|hetzelfde)/i,
];

/** The customer says something they tried, or were told, did not solve it. */
export function saysUnsolved(text: string): boolean {
  return unsolvedSignals.some((signal) => signal.test(text));
}

/**
 * The message without the words that only say it is still unsolved: what is left says what it is about
 * ("followed the steps, still doesn't work" says nothing of another issue).
 */
export function withoutUnsolvedWords(text: string): string {
  return unsolvedSignals.reduce((rest, signal) => rest.replace(new RegExp(signal.source, 'gi'), ' '), text);
}
