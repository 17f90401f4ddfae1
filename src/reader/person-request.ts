// "Can I talk to a human?" in the six languages memdesk answers in. A person's request always
// escalates, so this is a rule that can be read and tested line by line, not a model's guess.

const asksForPerson = [
  // Short chat-style requests: "chat with customer service agent", "need an agent", "call me", "give me your
  // contact number"; a message that is only "chat with …" asks for someone to chat with, typos and all.
  /\b(?:talk|speak|chat)\s+(?:to|with)?\s*(?:a |an |your )?(?:[\w-]+ ){0,2}(?:agent|executive|assistant|expert|representative|operator)\b|^\s*(?:i want to |let me |please )?(?:talk|speak|chat)\s+(?:to|with)\s+(?!(?:the|other|my|our|each|users?|customers?|team|api)\b)\S+(?:\s+\S+)?\s*[.!?]*\s*$|\b(?:need|want|get|connect(?: me)?(?: to| with)?)\s+(?:an? |to an? )?(?:human |live |real )?(?:agent|representative|operator|executive)\b(?!\s+(?:seat|licen[cs]e|plan|role)s?\b)|\b(?:chat|live) agent\b|\b(?:ring|phone) me\b|\bcall me\b(?!\s+(?!(?:back|asap|now|today|tomorrow|tonight|please|urgent|urgently|immediately|again|soon|later|first|directly|pls|plz|instead|anytime|thanks|thx|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thurs|fri|sat|sun|tmr|tmrw|tomorow)\b)[a-z]+\s*[.!?]*\s*$)|(?<!\b(?:my|our|his|her|their|the|a|new|work|cell|home|mobile|business|update|change)\s+)\b(?:contact|contect|ph|phone|helpline|hotline|customer (?:care|service|support)) (?:number|no\.?)\b(?!\s+(?:update|change))|^\s*(?:customer (?:care|service|support))(?: executive| agent| team)?\s*[.!?]*\s*$/i,
  // "talking to a human", "speak to the manager", "speak to a normal person", "give me human".
  /\b(?:talk|speak|chat)\w*\s+(?:to|with)\s+(?:(?:a|an|the|some|your|one of your|another|normal|real|actual|live)\s+)*(?:human|person|agent|someone|somebody|representative|rep|manager|supervisor|live agent|support (?:engineer|person|agent)|people)\b|\bgive me (?:a |an )?(?:human|person|real person)\b/i,
  // "No, I need a person" (the words of the answer's own button), "we want a human": not "we need a person to approve invoices".
  /\b(?:i|we)\s+(?:need|want|would like|['’]d like)\s+(?:a|an)\s+(?:real\s+|actual\s+|live\s+)?(?:person|human)\b(?!\s+(?:to|who|that|with|in|on|for)\b)|\b(?:real|actual|live)\s+(?:human|person|agent|people)\b|\bhuman\s+(?:agent|being|support|please)\b|\bnot (?:a |talk to a )?(?:bot|robot|machine)\b|\bconnect me (?:to|with)\b|\bescalate (?:this|it|to a person)\b/i,
  // Our support itself as the one to reach, not only a person: "can I speak with customer service?", "how do I
  // contact customer support", "get in touch with customer assistance" (not "our customer service team"); a turn
  // away from the bot ("stop talking to bots and virtual agents") or to someone else ("get me to someone else").
  /\b(?:talk|speak|chat)\w*\s+(?:to|with)\s+(?:the\s+|your\s+|damn\s+)?(?:custom\w*|tech(?:nical)?)\s*(?:serv\w*|sev\w*|supp\w*|spp\w*|assist\w*|care)\b|\b(?:contact\w*|conttact|reach|call\w*|cll|get(?:ting)?\s+in\s+touch\s+with|get\s+hold\s+of)\s+(?:the\s+|your\s+|damn\s+)?(?:custom\w*|tech(?:nical)?)\s*(?:serv\w*|sev\w*|supp\w*|spp\w*|assist\w*|care)\b|\b(?:stop|tired of|sick of|(?:don['’]?t|do not) want to|no more)\s+(?:\w+\s+){0,2}?(?:talk|chat|speak)\w*\s+(?:to|with)\s+(?:a\s+|the\s+|this\s+|your\s+)?(?:bots?|robots?|virtual\s+(?:agents?|assistants?)|machines?|ai)\b|\b(?:get|put|transfer|pass|send|forward)\s+me\s+(?:through\s+)?to\s+(?:someone|somebody|a\s+(?:person|human|manager|supervisor))\b/i,
  /\bmit\s+(?:einem|einer)\s+(?:menschen|mitarbeiter\w*|person|echten\s+person|berater\w*|ansprechpartner\w*)\s+(?:sprechen|reden|verbinden)|\becht\w*\s+menschen?\b|\bmenschliche\w*\s+(?:ansprechpartner|mitarbeiter|support)|\bkein(?:en)?\s+bot\b/i,
  /\bparler\s+(?:à|a|avec)\s+(?:un|une|quelqu'un)\s*(?:humain|personne|conseill\w*|agent|vrai\w*|réel\w*)?|\bvraie\s+personne|\bun\s+humain\b|être\s+humain\b/i,
  /\bhablar\s+con\s+(?:una\s+persona|un\s+humano|un\s+agente|alguien|un\s+asesor|una\s+persona\s+real)|\bpersona\s+real\b|\bun\s+humano\b|\bagente\s+humano\b/i,
  /\bfalar\s+com\s+(?:um|uma|algu[ée]m)\s*(?:humano|pessoa|atendente|agente)?|\bpessoa\s+real\b|\batendente\s+humano\b|\bum\s+humano\b/i,
  /\b(?:praten|spreken)\s+met\s+(?:een\s+)?(?:mens|persoon|medewerker|echt\w*\s+persoon)|\bmet\s+(?:een\s+)?(?:mens|persoon|medewerker|echt\w*\s+persoon)\s+(?:\w+\s+)?(?:praten|spreken)|\becht\w*\s+(?:mens|persoon)\b|\been\s+mens\b/i,
];

// "I have got to speak with a eprson" (bitext, qa6 sample) was asked to say more: a person's word typed with one slip
// (a letter swapped, missing, extra or wrong) after "speak/talk/chat to/with" is still a request for a person.
const personWords = ['person', 'human', 'agent', 'someone', 'somebody', 'manager', 'supervisor', 'representative', 'operator'];
const speakWith = /\b(?:talk|speak|chat)\w*\s+(?:to|with)\s+(?:(?:a|an|the|some|your|real|live|actual)\s+)*(\p{L}+)/giu;

/** Damerau–Levenshtein distance (adjacent swaps count one) is at most one. */
function oneSlipApart(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (i === a.length && i === b.length) return true;
  const swapped = a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  return swapped || a.slice(i + 1) === b.slice(i + 1) || a.slice(i) === b.slice(i + 1) || a.slice(i + 1) === b.slice(i);
}

function asksForPersonMistyped(text: string): boolean {
  for (const [, word] of text.matchAll(speakWith)) {
    const typed = word!.toLowerCase();
    if (typed.length >= 5 && personWords.some((w) => w !== typed && oneSlipApart(typed, w))) return true;
  }
  return false;
}

export function asksForHuman(text: string): boolean {
  return asksForPerson.some((pattern) => pattern.test(text)) || asksForPersonMistyped(text);
}
