// Remembered promises: which memories hold a promise the team made (staff or memdesk, or someone of the
// team as the customer reports it: "Dana from your team said you'd credit us", or passes on from a colleague:
// "Ben said Dana would refund him", heard second-hand; never a claim in someone else's name, a colleague's own
// plans, a possibility or the customer's own intentions), what it is about, and whether it bears on the request in hand. A promise
// reaches the reply and drives the open-promise rule (policy/support-policy.md, "Open promise") only
// when the request is of the same issue type as the promise's ticket (a credit or a refund is also
// about billing and cancellation) or the customer asks about it; an SSO how-to from a customer who was
// promised a credit for the March outage is answered as anyone's would be.
import type { DecisionPacket } from './ports.js';
import type { IssueType } from './tools.js';
import { regexLiteral } from './regex-literal.js';

export interface OpenPromise {
  what: string;
  date: string;
  memory: string;
  memory_id: string;
  /** The issue types it is about: its ticket's, and billing and cancellation for money (credit, refund). */
  issue_types: IssueType[];
  /** A staff member's promise the customer passes on from a colleague ("Ben said Dana would refund him"). */
  second_hand?: SecondHand;
  /** The one person it was promised to, as the memory names them ("refund him": the colleague who said
   * so; "promised Ben a credit"), or `someone` when it is one person the memory does not name. Absent:
   * promised to the customer's company or team ("credit us"), or to no one in particular. */
  to?: string;
}

/** Who made a promise heard second-hand (the directory's name), and who passed it on when the memory names them. */
export interface SecondHand {
  promised_by: string;
  reported_by?: string;
}

// A promise is the team's commitment in any form: "promised", "agreed to", "will credit", and what
// someone is told the team would do ("said you'd credit us", "we were told we'd get a credit").
const directPromise = /\b(promis(?:e|ed|es)|committed to|commitment|agreed to|guaranteed|assured (?:us|me|him|her|them) of)\b/i;
const plainFuture = /\bwill (apply|issue|refund|credit|send)\b/i;
// What the team does for the customer, and what the customer gets from it.
const teamActions = 'credit|refund|reimburse|waive|compensate|apply|issue|send|fix|patch|call';
const receives = 'get|receive|be given|be credited|be refunded|be reimbursed|be compensated';
const modal = "(?:'d|’d|\\s+would|\\s+will|'ll|’ll|\\s+(?:was|were|is|are) going to)";
// After a reporting verb: someone of the team (or "you", "they", a name) would act, or the customer would
// receive. "we'd cancel", "I'll send the form": the customer's own intentions are no promise.
const reportedPromise = new RegExp(
  `\\b(?:said|says|told|confirmed|assured|mentioned|wrote|let (?:us|me|him|her|them) know)\\b[^.;!?]{0,60}?` +
    `(?:\\b(?!(?:we|i)\\b)(?:you|they|he|she|support|the team|[A-Z][\\w'’-]+)${modal}\\s+(${teamActions})\\b|\\b(?:we|i|he|she|they)${modal}\\s+(${receives})\\b)\\s*([^.;!?]*)`,
  'i',
);
// "we might", "maybe", "if…": a possibility or a hypothetical is no promise. ("may" in lower case: "May" is a month.)
const hedgeWords = /\b(?:might|maybe|perhaps|possibly|could|if|unless|whether|hopefully|hope[sd]?|probably|consider\w*)\b/i;
export const hedged = (sentence: string) => hedgeWords.test(sentence) || /\bmay\b/.test(sentence);
const keptWords = /\b(fulfilled|was applied|has been applied|been credited|delivered|kept|honou?red|completed|done)\b/i;

// Quoted text is someone else's words (memdesk's own outcome memories quote the customer's message).
// A single quote opens a quotation only after a space, a colon or a bracket, so "Ben's" is no quote.
const quotations = /["“„«][^"“”„«»]*["”“»]|(^|[\s:(])'[^']*'(?=[\s.,;:!?)]|$)/g;
// Reported speech: what follows "says", "claims", "wrote"… to the end of its sentence is what someone
// said, not what the team did, unless someone of the team said it ("support said we would credit…").
const reportingVerb =
  /\b(says|said|claims?|claimed|wrote|writes|alleges?|alleged|insists?|insisted|believes?|believed|thinks?|thought|complains?|complained|mentions|mentioned|told (?:us|me)|tells (?:us|me)|according to)\b[^.;!?]*/gi;
// Who speaks for the team: its own voice ("we", "support"), the customer addressing it ("you said"), one
// of its roles ("your CSM Priya", "your account manager"), someone "from your team", a staff member by name.
const teamRoles = "csm|customer success manager|account manager|account executive|support (?:agent|engineer|rep\\w*)|(?:sales )?rep(?:resentative)?|agent|success manager";
const teamVoice = `we|you|support|team|staff|memdesk|billing|engineering|csm|agent|i|your (?:${teamRoles})(?:\\s+[A-Z][\\w'’-]+){0,2}|[A-Z][\\w'’-]+(?:\\s+[A-Z][\\w'’-]+)? (?:from|at|in|on|of) (?:your|the|our) (?:team|support|billing|company|side|success team)`;
const teamSubjects = new Map<string, RegExp>();
/** Whether the words before a reporting verb end with someone who speaks for the team. */
function teamSubject(teamNames: readonly string[]): RegExp {
  const key = teamNames.join('|');
  let found = teamSubjects.get(key);
  if (!found) {
    const names = teamNames.flatMap((n) => [n, n.split(/\s+/)[0]!]).map(regexLiteral);
    const voices = names.length ? `${teamVoice}|${names.join('|')}` : teamVoice;
    found = new RegExp(`\\b(?:${voices})\\s*(?:\\([^)]*\\)\\s*)?(?:has |had |have )?$`, 'i');
    teamSubjects.set(key, found);
  }
  return found;
}

// A colleague of the customer passing on what a staff member promised: "Ben said Dana would refund him", "my
// colleague Ben says your Dana promised him a refund". The staff member is one the directory names; what they
// would do is what the team does (a colleague's own plans, "Ben said he would refund the client", are not).
const relayVerbs = 'says|said|wrote|writes|mentions|mentioned|told (?:us|me)|tells (?:us|me)';
const relayPatterns = new Map<string, RegExp | null>();
function relayPattern(teamNames: readonly string[]): RegExp | null {
  const key = teamNames.join('|');
  let found = relayPatterns.get(key);
  if (found === undefined) {
    const names = [...new Set(teamNames.flatMap((n) => [n, n.split(/\s+/)[0]!]))].sort((a, b) => b.length - a.length).map(regexLiteral);
    found = names.length
      ? new RegExp(
          `\\b(?:${relayVerbs})\\s+(?:that\\s+)?(?:(?:your|our|the)\\s+)?(?:(?:${teamRoles})\\s+)?(${names.join('|')})(?![\\p{L}-])` +
            `(?:\\s+(?:from|at|of|in|on) (?:your|the) (?:team|support|billing|company|side|success team))?` +
            `(?:${modal}\\s+(?:${teamActions})\\b|\\s+(?:has\\s+|had\\s+)?(?:promised|agreed to|committed to|guaranteed)\\b)`,
          'iu',
        )
      : null;
    relayPatterns.set(key, found);
  }
  return found;
}

/** Whether a reported clause (from its reporting verb on) passes on a staff member's promise, and is no question. */
function relaysStaffPromise(clause: string, endsWith: string | undefined, teamNames: readonly string[]): boolean {
  const pattern = relayPattern(teamNames);
  return endsWith !== '?' && !!pattern && pattern.exec(clause)?.index === 0;
}

// Capitalised words before a reporting verb that name no one: "My colleague Ben says…" is Ben's report.
// Also the days and months (not April, May, June or August: first names too) and words that open a sentence, so
// "On Monday Ben said…" and "Earlier Ben said…" are Ben's reports.
const notReporters = new Set(
  `my our the your i we he she they also apparently yesterday today earlier recently later then now so but and on last this
  actually unfortunately btw fyi hi hey ps monday tuesday wednesday thursday friday saturday sunday january february july
  september october november december`.split(/\s+/),
);

/** The capitalised words right before a reporting verb, as one name: "Ben Carter said…" is Ben Carter's report, not Carter's. */
function fullNameBefore(text: string): string | undefined {
  const name: string[] = [];
  for (const word of text.trim().split(/\s+/).reverse()) {
    if (!/^\p{Lu}[\p{L}-]*$/u.test(word) || notReporters.has(word.toLowerCase())) break;
    name.unshift(word);
  }
  return name.length ? name.join(' ') : undefined;
}

/** A promise `sentence` passes on second-hand: who made it (as the directory names them) and who passed it on. */
function secondHandIn(sentence: string, teamNames: readonly string[]): SecondHand | undefined {
  const pattern = relayPattern(teamNames);
  const relayed = pattern?.exec(sentence);
  if (!relayed) return undefined;
  const said = relayed[1]!.toLowerCase();
  const byFirst = teamNames.filter((n) => n.split(/\s+/)[0]!.toLowerCase() === said);
  const promised_by = teamNames.find((n) => n.toLowerCase() === said) ?? (byFirst.length === 1 ? byFirst[0]! : relayed[1]!);
  // "Ava Chen from Northwind said…" is Ava Chen's report: the company she is from is no part of her name.
  const before = sentence.slice(0, relayed.index).replace(/\s+(?:from|at|of|with)\s+(?:the\s+)?(?:\p{Lu}[\p{L}&.'’-]*\s*)+$/u, ' ');
  const reporter = fullNameBefore(before) ?? (before.match(/\p{Lu}[\p{L}'’-]*/gu) ?? []).filter((w) => !notReporters.has(w.toLowerCase())).pop();
  return { promised_by, ...(reporter ? { reported_by: reporter } : {}) };
}

// A promise denied is none: "we never promised a refund", "nobody can find such a commitment".
const deniedPromise = /\b(?:no|never|not|nobody|without)\b[^.;,!?]{0,40}?\b(?:promis\w*|commit\w*|agreed to)/gi;

/**
 * A memory's text without what it quotes or reports someone outside the team as saying: only what the
 * team said or is said to have said. `teamNames`: the staff the directory names.
 */
export function teamWords(text: string, teamNames: readonly string[] = []): string {
  const unquoted = text.replace(quotations, (_whole, lead: string | undefined) => `${lead ?? ''} `);
  const speaksForTeam = teamSubject(teamNames);
  const unreported = unquoted.replace(reportingVerb, (clause, _verb, offset: number, whole: string) => {
    const sentenceStart = Math.max(whole.lastIndexOf('.', offset), whole.lastIndexOf(';', offset), whole.lastIndexOf('!', offset), whole.lastIndexOf('?', offset)) + 1;
    // A staff member's promise a colleague passes on is still the team's ("Ben said Dana would refund him").
    return speaksForTeam.test(whole.slice(sentenceStart, offset)) || relaysStaffPromise(clause, whole[offset + clause.length], teamNames) ? clause : ' ';
  });
  return unreported.replace(deniedPromise, ' ');
}

// Money verbs as what was promised: "refund the duplicate charge" is a refund of the duplicate charge.
const promisedThing: Record<string, string> = { credit: 'credit', refund: 'refund', reimburse: 'reimbursement', compensate: 'compensation', waive: 'waiver', call: 'call back' };

/** What a reported promise is of: "credit us for March" → "credit for March", "get a credit" → "credit". */
function reportedWhat(action: string, rest: string, to: string | undefined): string {
  const object = rest
    .replace(/^(?:us|me|him|her|them|the customer)\b\s*/i, '')
    // "credit Ben $49" is a credit of $49, to Ben.
    .replace(to ? new RegExp(`^${regexLiteral(to)}(?![\\p{L}'’-])\\s*`, 'u') : /^(?!)/, '')
    // ", and she has the email" / ", so we waited" is the rest of the story, comma and all.
    .replace(/,?\s+(?:but|and|so)\b.*$/i, '')
    .trim();
  const said = action.toLowerCase().replace(/^be\s+/, '');
  const verb = ({ credited: 'credit', refunded: 'refund', reimbursed: 'reimburse', compensated: 'compensate' } as Record<string, string>)[said] ?? said;
  if (['get', 'receive', 'given'].includes(verb)) return object.replace(/^(?:a|an|the)\s+/i, '') || 'follow-up';
  const noun = promisedThing[verb];
  if (!noun) return `${verb} ${object}`.trim();
  if (!object) return noun;
  return /^(?:for|on|of|in|to)\b/i.test(object) ? `${noun} ${object}` : `${noun} of ${object}`;
}

// What was promised, after whom it was promised to: "promised him a credit", "promised Ben Carter a refund" (a
// name counts only before a/an/the, so "promised Friday delivery" keeps its words).
const promisedWhat = /\b[Pp]romised\s+(?:(?:him|her|them|the customer|us|me)\s+|\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*)?\s+(?=(?:a|an|the)\s))?(?:(?:a|an|the)\s+)?([^.;]+)/u;

// Whom a promise is for, right after what the team would do or promised: "refund him", "promised Ben Carter a
// credit", "credit us", "on his next invoice". A name counts only where a pronoun could stand, before what
// they get or the sentence's end: "apply Pro pricing" and "refund INV-2041" name no one.
const nameWord = "\\p{Lu}\\p{Ll}[\\p{L}'’-]*";
const recipientAfterVerb = new RegExp(
  `\\b(?:${teamActions}|promised)\\s+(him|her|me|us|them|${nameWord}(?:\\s+${nameWord})?(?=\\s+(?:a|an|the|for|back|in|on|\\$|\\d)|\\s*[.,;!]|\\s*$))(?![\\p{L}'’-])`,
  'u',
);
const possessiveRecipient = /\b(?:on|to|for|in)\s+(his|her|my|our|their)\b/i;
// Who the memory is about, when it says so before what they did: "Ben reported…", "Ava Chen asked…". Only
// from a word's start: from every capital, a long run of letters was scanned to its end once per capital.
const memorySubject = /(?<![\p{L}'’-])(\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*)?)\s+(?:reported|asked|wrote|complained|called|contacted|said|says)\b/u;
const personal = new Set(['him', 'her', 'me', 'his', 'my']);

/**
 * The one person a promise in `sentence` is for, if it names one (see OpenPromise.to): a pronoun stands for
 * whoever passed the promise on, else for the person the memory is about; "us", "them" and "our" are the
 * company's, and so is the company's own name.
 */
function recipientIn(sentence: string, memory: string, second_hand: SecondHand | undefined, teamNames: readonly string[]): string | undefined {
  const named = recipientAfterVerb.exec(sentence)?.[1] ?? possessiveRecipient.exec(sentence)?.[1];
  if (!named) return undefined;
  const word = named.toLowerCase();
  if (['us', 'them', 'our', 'their'].includes(word)) return undefined;
  if (!personal.has(word)) {
    const staff = teamNames.some((n) => n.toLowerCase() === word || n.split(/\s+/)[0]!.toLowerCase() === word);
    return staff || notReporters.has(word) ? undefined : named;
  }
  const subject = memorySubject.exec(memory)?.[1];
  const aboutSomeone = subject && !notReporters.has(subject.split(/\s+/)[0]!.toLowerCase()) && !teamNames.some((n) => n.toLowerCase() === subject.toLowerCase() || n.split(/\s+/)[0] === subject) ? subject : undefined;
  return second_hand?.reported_by ?? aboutSomeone ?? 'someone';
}

/** The promise a memory records the team making and not yet keeping, read from the team's words. */
export function promiseIn(text: string, teamNames: readonly string[] = []): { what: string; second_hand?: SecondHand; to?: string } | null {
  const own = teamWords(text, teamNames);
  if (keptWords.test(own)) return null;
  const sentences = own.split(/(?<=[.;!?])\s+/);
  for (const sentence of sentences) {
    if (hedged(sentence)) continue;
    const second_hand = secondHandIn(sentence, teamNames);
    const to = recipientIn(sentence, text, second_hand, teamNames);
    const how = { ...(second_hand ? { second_hand } : {}), ...(to ? { to } : {}) };
    if (directPromise.test(sentence) || plainFuture.test(sentence)) {
      const what = promisedWhat.exec(sentence)?.[1]?.trim() ?? 'follow-up';
      return { what: what.replace(/\s+on (his|her|their) next invoice$/i, ' on the next invoice'), ...how };
    }
    const reported = reportedPromise.exec(sentence);
    if (reported) return { what: reportedWhat(reported[1] ?? reported[2] ?? '', reported[3] ?? '', to), ...how };
  }
  return null;
}

/** A memory saying a promise was kept: the kinds of promise it closes (credit, refund). */
export function keptKinds(text: string, teamNames: readonly string[] = []): { credit: boolean; refund: boolean } | null {
  const own = teamWords(text, teamNames);
  if (!keptWords.test(own) || !/\b(credit|refund|promise)/i.test(own)) return null;
  return { credit: /credit/i.test(own), refund: /refund/i.test(own) };
}

// Money promised back: a credit (not a credit card), a refund, a discount. In the languages memdesk answers in.
const moneyWords = /\b(credit(?!\s*cards?\b)\w*|refund\w*|reimburs\w*|waiv\w*|money back|paid back|pay (?:me |us )?back|discount\w*|compensat\w*|gutschrift\w*|erstatt\w*|rückerstatt\w*|rembours\w*|avoir|crédit\w*|reembols\w*|descuento|desconto|terugbetal\w*|tegoed)/i;
// A fix or a call back promised: the customer asks about it when they ask whether it is fixed yet.
const fixPromised = /\b(fix\w*|patch\w*)\b/i;
const fixAsked = /\b(?:the|a|your|that|this|promised) (?:fix|patch)\b|\b(?:been|be|get|got|gets|is|was) fixed\b|\bfixed (?:yet|already|now)\b/i;
const callPromised = /\bcall\s?back|\bcall (?:him|her|them)\b/i;
const callAsked = /\bcall\s?back|\bcall (?:me|us)\b/i;
// The customer speaks of a promise itself: "you promised", "versprochen", "prometieron"…
const promiseTalk = /\b(promis\w*|you said you(?: would|'d)|you told (?:me|us) you(?: would|'d)|versproch\w*|zugesagt|prometi\w*|prometeu|prometido|beloofd)/i;

/** The issue types a promise is about: the type of the memory it is in, and billing and cancellation for money. */
export function promiseTopics(memoryText: string, memoryIssueType: IssueType | undefined, teamNames: readonly string[] = []): IssueType[] {
  const topics = new Set<IssueType>();
  // "other" says nothing about what it concerns: such a promise bears on a request only when asked about.
  if (memoryIssueType && memoryIssueType !== 'other') topics.add(memoryIssueType);
  if (moneyWords.test(teamWords(memoryText, teamNames))) topics.add('billing').add('cancellation');
  return [...topics];
}

/** The customer's message asks about this promise: it speaks of a promise, or names what was promised. */
function asksAbout(p: OpenPromise, message: string): boolean {
  if (promiseTalk.test(message)) return true;
  // What was promised, as read when the memory was (with the staff's names), and the team's words around it.
  const promised = `${p.what} ${teamWords(p.memory)}`;
  if (moneyWords.test(promised) && moneyWords.test(message)) return true;
  if (fixPromised.test(promised) && fixAsked.test(message)) return true;
  return callPromised.test(promised) && callAsked.test(message);
}

/** The open promises that bear on this request: of its issue type, or asked about in the message. */
export function promisesBearingOn(promises: readonly OpenPromise[], request: { issue_type: IssueType; message: string }): OpenPromise[] {
  return promises.filter((p) => p.issue_types.includes(request.issue_type) || asksAbout(p, request.message));
}

/**
 * Whether this customer may hear of a promise: one in their own memory, or one on their account made to
 * the company or to no one in particular. A promise on the account to one person ("Ben said Dana would refund
 * him") is theirs only when the customer is that person or whoever passed it on: to another member it is
 * someone else's affair. The policy engine's reply names only these, a model decider is shown only these
 * (model-prompt.ts), and the brief, for staff, lists every promise.
 */
export function promiseIsTheirs(p: OpenPromise, packet: Pick<DecisionPacket, 'customer' | 'memories'>): boolean {
  if (!p.to || !packet.memories.account.some((m) => m.id === p.memory_id)) return true;
  const { customer_name, account_name } = packet.customer;
  const names = (whole: string) => [whole.toLowerCase(), (whole.split(/\s+/)[0] ?? '').toLowerCase()];
  if (account_name && names(account_name).includes(p.to.toLowerCase())) return true;
  // A first name alone ("Ben") is the customer's when it is theirs; a full name ("Ava Lopez") only when it is
  // theirs whole: another member may share the first name.
  const isCustomer = (who: string) =>
    customer_name !== '' && (/\s/.test(who.trim()) ? who.trim().toLowerCase() === customer_name.toLowerCase() : names(customer_name).includes(who.toLowerCase()));
  return [p.to, p.second_hand?.reported_by].some((who) => who && isCustomer(who));
}
