// "Tell me more", "can you elaborate?", "mehr dazu", "dites-m'en plus": a follow-up that asks for more of what
// the last answer said, in the languages memdesk answers in. It names no new question: the help center is read
// again for the ticket's own question, and the answer goes on with what the last one did not show. "Tell me more
// about SSO" asks about something else and is read as the question it is.

const asksMore = [
  /\b(?:tell|show|give|send)\s+(?:me|us)\s+(?:a\s+(?:bit|little)\s+|some(?:thing)?\s+)?more\b|\bmore\s+(?:info|information|details?|please)\b|\b(?:can|could|would)\s+you\s+(?:please\s+)?(?:elaborate|expand|explain\s+(?:more|further|that|this|it))\b|^\W*(?:elaborate|go on|continue|more|and then|what else)\b|\bwhat else\b|\bkeep going\b/i,
  /\bmehr\s+(?:dazu|infos?|informationen|details)\b|\berzähl(?:en sie)?\s+(?:mir\s+)?mehr\b|\bgenauer\s+erklären\b/i,
  /\ben savoir plus\b|\bdite?s-m[’']en plus\b|\bplus d['’](?:infos?|informations|détails)\b/i,
  /\bm[aá]s\s+(?:informaci[oó]n|info|detalles)\b|\b(?:cu[eé]ntame|d[ií]me|expl[ií]came)\s+m[aá]s\b/i,
  /\bmais\s+(?:informa[çc][õo]es|info|detalhes)\b|\bme\s+(?:diga|conte|fale|explique)\s+mais\b/i,
  /\bmeer\s+(?:info|informatie|details)\b|\bvertel\s+(?:me\s+)?meer\b/i,
];
// "about SSO", "über die Rechnung", "sur la facturation": what it asks more of is named, and is not the last answer.
const namesTopic = /\b(?:about|on|regarding|über|zu|sur|sobre|over)\s+(?!(?:that|this|it|that one|dem|das|dies|ça|cela|ceci|eso|esto|isso|isto|dat|dit)\b)\p{L}/iu;
// "tell me more, it still doesn't work" says more than that: a short ask only.
const mostWords = 8;

/** True when the message only asks for more of the answer it follows. */
export function asksForMore(text: string): boolean {
  const words = text.match(/[\p{L}\p{N}'’]+/gu) ?? [];
  if (words.length === 0 || words.length > mostWords || namesTopic.test(text)) return false;
  return asksMore.some((pattern) => pattern.test(text));
}
