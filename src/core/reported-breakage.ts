// Whether a message says something of the customer's is not working: "it never worked", "why isn't my card working?",
// "the bot malfunctions", "funktioniert nicht". A failure named is what the message is about, however short: read by an
// unsure reader as an outage first, it is the broken thing it says it is, not a message too thin to place.
const breakage = [
  // en
  /\b(?:is|are|was|were|does|do|did|has|have|will|wo|ca)\s*(?:n[’']t|not)\s+(?:been\s+)?work(?:ing|s|ed)?\b|\b(?:never|not|no longer|stopped|stops|quit)\s+work(?:ing|s|ed)?\b|\bmalfunction\w*|\bbroken\b|\bkeeps?\s+(?:crash|fail|freez)\w*|\b(?:crash|fail)(?:es|s|ed|ing)\b/i,
  // de, fr, es, pt, nl
  /\bfunktioniert\s+(?:\w+\s+){0,2}?nicht|\bgeht\s+nicht\b|\bkaputt\b|\b(?:ne\s+)?(?:marche|fonctionne)\s+(?:plus|pas)\b|\ben panne\b|\bno\s+(?:me\s+)?funciona\b|\bn[ãa]o\s+funciona\b|\bwerkt\s+(?:\w+\s+){0,2}?niet\b|\bkapot\b/i,
];

/** The customer says something is not working, broken or failing. */
export function reportsBreakage(message: string): boolean {
  return breakage.some((pattern) => pattern.test(message));
}
