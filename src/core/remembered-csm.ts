// Who an account's customer success manager is, as staff write it in a memory, in the languages memdesk
// answers in: "CSM is Dana Lee", "Their CSM: Dana Lee", "Dana Lee (CSM)", "customer success manager — Priya
// Shah", "Account manager/CSM Dana Lee", "Dana Lee is their CSM", "Ihr CSM ist Dana Lee". Only what the team
// states names one: not the customer's words (quoted or reported: memdesk's outcome memories quote the
// message), a question, a request ("I'd like to talk to a CSM"), a denial ("we don't have a CSM"), a
// possibility, or someone who is gone ("our CSM left the company", "former CSM Sam Patel").
import { hedged, teamWords } from './open-promises.js';
import { regexLiteral } from './regex-literal.js';

const role = [
  'csm',
  '(?:customer[- ])?success[- ]?manager(?:in)?',
  'account[- ]?manager(?:in)?',
  'kunden(?:betreuer|erfolgsmanager)(?:in)?',
  'responsable (?:du )?succ[eè]s client',
  'gestionnaire de (?:compte|succ[eè]s client)',
  'charg[ée]e? de (?:compte|client[eè]le)',
  'gerente de (?:[ée]xito|sucesso)(?: del?| do)? cliente',
  'gerente de (?:cuenta|conta)',
  'klant(?:succes|success)[- ]?manager',
].join('|');
// A role word ends there (plural or inflected at most: "CSMs", "account managers", "Kundenbetreuerinnen",
// "gestionnaire de comptes"), so "csmith@…" or "CSMA/CD" speak of no CSM.
const anyRole = new RegExp(`\\b(?:${role})(?:s|n|nen)?(?![\\p{L}\\p{N}])`, 'iu');

/**
 * Whether a text speaks of a customer success manager in any language read here ("Ihre Kundenbetreuerin
 * ist …", "Leur gestionnaire de compte …", "former CSM …"): every memory that names one or says one left
 * does. The memory index marks these (ranking.ts), so the policy-facts search finds them whatever the language.
 */
export const speaksOfCsm = (text: string): boolean => anyRole.test(text);
// "Account manager/CSM", "CSM and account manager": one person in both roles.
const roles = `(?:${role})(?:(?:\\s*[/&+]\\s*|\\s+(?:and|or|und|oder|et|ou|y|o|e|en|of)\\s+)(?:${role}))*`;
// "their", "Globex's", "ihr", "leur", "su", "o", "hun", … and "new": whose role it is.
const whose =
  "(?:(?:their|the|our|its|his|her|your|[\\p{L}-]+['’]s|ihr(?:e|en)?|sein(?:e)?|der|die|leur|le|la|son|sa|su|el|seu|sua|o|a|hun|de|het|zijn|haar)\\s+)?(?:(?:new|neue[rn]?|nouvel(?:le)?|nouveau|nuev[oa]|nov[oa]|nieuwe)\\s+)?";
// "CSM for Globex is …", "CSM on the account: …".
const forWhom = '(?:\\s+(?:for|of|on|at|für|bei|pour|chez|para|del|do|da|voor|bij)\\s+[^\\n:;,.=–—()]{1,40}?)?';
const copula = '(?:\\s*(?::|=|[–—]|\\s-)\\s*|\\s+(?:is|ist|est|es|é)(?:\\s+(?:now|jetzt|nun|maintenant|désormais|ahora|agora|nu))?\\s+)';
const words = (most: number) => `([\\p{L}'’-]+(?:[ \\t]+[\\p{L}'’-]+){0,${most - 1}})`;
// Lazy, so "Dana Lee was assigned as CSM" leaves "was" to the verb.
const nameBefore = `(?<![\\p{L}'’-])((?:[\\p{L}'’-]+[ \\t]+){0,3}?[\\p{L}'’-]+)`;

interface CsmPattern {
  pattern: RegExp;
  /** Where the name is: the words after the role or before it. */
  name: 'after' | 'before';
  /** Whether the sentence says outright that this is the CSM ("is", ":", "(CSM)"), so one word may be a name. */
  stated: boolean;
}
const csmPatterns: CsmPattern[] = [
  // "CSM is Dana Lee", "Their CSM: Dana Lee", "customer success manager — Priya Shah", "Le CSM est Dana Lee".
  { pattern: new RegExp(`\\b(?:${roles})\\b(?:\\s*\\([^)]*\\))?${forWhom}(?:\\s+(?:assigned|named|appointed))?${copula}${words(6)}`, 'giu'), name: 'after', stated: true },
  // "Account manager/CSM Dana Lee", "their CSM, Dana Lee,".
  { pattern: new RegExp(`\\b(?:${roles})\\b(?:\\s*,\\s*|[ \\t]+)${words(6)}`, 'giu'), name: 'after', stated: false },
  // "Dana Lee is their CSM", "Dana Lee ist ihr CSM", "Dana Lee was assigned as CSM".
  {
    pattern: new RegExp(
      `${nameBefore}\\s+(?:is|ist|est|es|é|will be|becomes|has become|acts as|serves as|(?:was |has been |is )?(?:assigned|named|appointed)(?: as)?|(?:takes|took) over as)\\s+(?:now\\s+)?${whose}(?:${roles})\\b`,
      'giu',
    ),
    name: 'before',
    stated: true,
  },
  // "Dana Lee (CSM)", "Dana Lee (their customer success manager)".
  { pattern: new RegExp(`${nameBefore}\\s*\\(\\s*${whose}(?:${roles})\\s*\\)`, 'giu'), name: 'before', stated: true },
  // "Dana Lee, their CSM", "Dana Lee – account manager" (not "Thanks Dana, CSM is Sam").
  { pattern: new RegExp(`${nameBefore}\\s*(?:,|[–—]|\\s-)\\s*${whose}(?:${roles})\\b(?!\\s*(?::|=|\\s(?:is|ist|est|es|é)\\b))`, 'giu'), name: 'before', stated: false },
];

// Said of someone who is not, or no longer, the CSM.
const denied = /\b(?:no|not|never|without|nobody|none|kein\w*|nicht|nie|pas|jamais|sans|aucun\w*|sin|nunca|ning[uú]n\w*|sem|nenhum\w*|geen|niet|nooit)\b|n['’]t\b/i;
const gone =
  /\b(?:left|leaves|leaving|departed|quit|resigned|former(?:ly)?|previous(?:ly)?|outgoing|ex|no longer|used to|until|replaced by|ehemalig\w*|fr[üu]her\w*|verlassen|ancien(?:ne)?|pr[ée]c[ée]dent\w*|anterior|antigu[oa]|voormalig\w*|vorige)\b(?!\s+(?:a|an|the)\s+(?:note|message|voicemail|comment)\b)/i;
// The customer asking for one: "I'd like to talk to a CSM", "can we get an account manager".
const requested =
  /\b(?:my|mein\w*|mon|ma|mi|meu|minha|mijn)\s+$|\b(?:i|we|i['’]d|we['’]d|i['’]m|we['’]re)\b[^,;]{0,30}?\b(?:talk|speak|chat|meet|want|wants|like|need|needs|request\w*|ask(?:ing|ed)? for|looking for|get)\b|\b(?:give|get|assign|find) (?:us|me)\b/i;

// Capitalised words that are no one's name.
const notNames = new Set(
  (
    'the their our its his her he she they we it i you your this that these a an der die das ihr ihre er sie es le la les leur il elle el su sus ella o os seu sua ele de het hun zij hij ' +
    'none nobody unknown unassigned tbd tba vacant pending open same still now currently also new interim acting team support customer success account manager notes note call ' +
    'meeting sync review update handoff plan enterprise pro free renewal contract onboarding program escalation ticket slack email today tomorrow yes ' +
    'monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october november december'
  ).split(' '),
);
const particles = new Set(['van', 'von', 'de', 'da', 'del', 'della', 'der', 'den', 'di', 'du', 'dos', 'das', 'la', 'le', 'ter', 'ten', 'y']);
const nameWord = (w: string) => /^\p{Lu}(?:\p{Ll}|['’]\p{Lu})[\p{L}'’-]*$/u.test(w) && !notNames.has(w.toLowerCase());

/** The person's name at the start (or the end) of `text`'s words: up to three capitalised words, particles between. */
function personName(text: string, from: 'start' | 'end'): string | undefined {
  const all = text.trim().split(/\s+/);
  const ordered = from === 'start' ? all : [...all].reverse();
  const taken: string[] = [];
  for (const raw of ordered) {
    const w = from === 'start' ? raw.replace(/['’]s$/, '') : raw;
    if (nameWord(w)) taken.push(w);
    else if (taken.length && particles.has(w)) taken.push(w);
    else break;
    if (from === 'start' && w !== raw) break; // "Dana Lee's account": the name ends at the possessive.
    if (taken.filter(nameWord).length === 3) break;
  }
  while (taken.length && !nameWord(taken[taken.length - 1]!)) taken.pop();
  const name = (from === 'start' ? taken : taken.reverse()).join(' ');
  return name || undefined;
}

/** A staff member the directory names, by full name (any case) at that end of the words, else by a unique first name. */
function staffNamed(words: string, name: string | undefined, from: 'start' | 'end', teamNames: readonly string[]): string | undefined {
  const lower = ` ${words.toLowerCase().replace(/\s+/g, ' ').trim()} `;
  const full = teamNames.find((n) => (from === 'start' ? lower.startsWith(` ${n.toLowerCase()} `) : lower.endsWith(` ${n.toLowerCase()} `)));
  if (full) return full;
  if (!name || name.includes(' ')) return undefined;
  const byFirst = teamNames.filter((n) => n.split(/\s+/)[0]!.toLowerCase() === name.toLowerCase());
  return byFirst.length === 1 ? byFirst[0] : undefined;
}

/** The CSM a memory's text names, or undefined. `teamNames`: the staff the directory names (a CSM among them is read by name in any case, or by first name). */
export function csmNamedIn(text: string, teamNames: readonly string[] = []): string | undefined {
  if (!anyRole.test(text)) return undefined;
  const said = teamWords(text, teamNames);
  for (const { pattern, name: where, stated } of csmPatterns) {
    for (const match of said.matchAll(pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      const clauseStart = Math.max(...[...'.;!?\n,'].map((c) => said.lastIndexOf(c, start - 1))) + 1;
      const sentenceEnd = said.slice(end).search(/[.;!?\n]/);
      const clauseEnd = said.slice(end).search(/[.;!?\n,]/);
      if (sentenceEnd >= 0 && said[end + sentenceEnd] === '?') continue;
      // Up to the name: "CSM is Dana Lee, not Sam" still names Dana.
      const before = said.slice(clauseStart, where === 'after' ? end - match[1]!.length : end);
      const around = said.slice(clauseStart, clauseEnd >= 0 ? end + clauseEnd : said.length);
      if (denied.test(before) || requested.test(said.slice(clauseStart, start)) || gone.test(around) || hedged(around)) continue;
      const from = where === 'after' ? 'start' : 'end';
      const person = personName(match[1]!, from);
      const staff = staffNamed(match[1]!, person, from, teamNames);
      if (staff) return staff;
      if (person && (stated || person.includes(' '))) return person;
    }
  }
  return undefined;
}

// Gone from the account, not only from a sentence: "left the company", "no longer their CSM", "resigned".
const leftTheRole = /\b(?:company|team|job|role|account|us|firm)\b|\bno longer\b|\bresign\w*|\bquit\b|\bdeparted\b|\bmoved on\b/i;

/**
 * Whether a later memory says the remembered CSM `name` is gone ("Dana Lee left the company", "Dana is no
 * longer their CSM"): a sentence naming them (full or first name) that says they left the role or the company.
 * A sentence that only says they left ("Dana left for the airport", "Dana left a note") keeps them.
 */
export function csmGoneIn(text: string, name: string): boolean {
  const first = name.split(/\s+/)[0]!;
  const named = new RegExp(`(?<![\\p{L}'’-])(?:${regexLiteral(name)}|${regexLiteral(first)})(?![\\p{L}'’-])`, 'iu');
  return text.split(/(?<=[.;!?])\s+|\n/).some((sentence) => named.test(sentence) && gone.test(sentence) && (anyRole.test(sentence) || leftTheRole.test(sentence)) && !hedged(sentence));
}
