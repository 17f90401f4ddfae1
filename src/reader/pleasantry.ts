// "thanks!", "ok", "merci", "danke schön": a message that only closes the loop needs no new decision.

// Letters-only boundaries: \b is ASCII-only and would miss "olá" or "ótimo".
const pleasantries =
  /(?<!\p{L})(?:thanks?(?: you)?(?: (?:so|very) much| a lot| again)?|thx|ty|cheers|ok(?:ay)?|cool|great|perfect|awesome|got it|sounds good|all good|noted|brilliant|nice|appreciated?|for (?:(?:all )?(?:your|the) (?:help|assistance|support|time|quick (?:reply|response))|trying(?: to help)?)|(?:vielen |herzlichen )?dank(?:e schön|e sehr|e| schön| sehr)?|super|prima|alles klar|passt|merci(?: beaucoup)?|parfait|d'accord|génial|muchas gracias|gracias|perfecto|vale|genial|muito obrigad[oa]|obrigad[oa]|perfeito|beleza|ótimo|bedankt|dank (?:je|u)(?: wel)?|top|helemaal goed)(?!\p{L})/giu;

export function isPleasantryOnly(text: string): boolean {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.length > 80) return false;
  const rest = trimmed.toLowerCase().replace(pleasantries, ' ');
  if (rest === trimmed.toLowerCase() && /[\p{L}\p{N}]/u.test(trimmed)) return false;
  // What is left must be punctuation, emoji or whitespace: any other word carries a request.
  return !/[\p{L}\p{N}]/u.test(rest);
}
