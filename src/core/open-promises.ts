// Remembered promises: which memories hold a promise the team made (staff or memdesk, never the
// customer's own words), what it is about, and whether it bears on the request in hand. A promise
// reaches the reply and drives the open-promise rule (policy/support-policy.md, "Open promise") only
// when the request is of the same issue type as the promise's ticket (a credit or a refund is also
// about billing and cancellation) or the customer asks about it; an SSO how-to from a customer who was
// promised a credit for the March outage is answered as anyone's would be.
import type { IssueType } from './tools.js';

export interface OpenPromise {
  what: string;
  date: string;
  memory: string;
  memory_id: string;
  /** The issue types it is about: its ticket's, and billing and cancellation for money (credit, refund). */
  issue_types: IssueType[];
}

const promiseWords = /\b(promis\w*|committed to|commitment|agreed to|will (apply|issue|refund|credit|send))\b/i;
const keptWords = /\b(fulfilled|was applied|has been applied|been credited|delivered|kept|honou?red|completed|done)\b/i;

// Quoted text is someone else's words (memdesk's own outcome memories quote the customer's message).
// A single quote opens a quotation only after a space, a colon or a bracket, so "Ben's" is no quote.
const quotations = /["“„«][^"“”„«»]*["”“»]|(^|[\s:(])'[^']*'(?=[\s.,;:!?)]|$)/g;
// Reported speech: what follows "says", "claims", "wrote"… to the end of its sentence is what someone
// said, not what the team did, unless the team said it ("support said we would credit…").
const reportingVerb = /\b(says|said|claims?|claimed|wrote|writes|alleges?|alleged|insists?|insisted|believes?|believed|thinks?|thought|complains?|complained|told us|tells us|according to)\b[^.;!?]*/gi;
const teamSubject = /\b(we|support|team|staff|memdesk|billing|engineering|csm|agent|i)\s*(?:\([^)]*\)\s*)?(?:has |had |have )?$/i;

// A promise denied is none: "we never promised a refund", "nobody can find such a commitment".
const deniedPromise = /\b(?:no|never|not|nobody|without)\b[^.;,!?]{0,40}?\b(?:promis\w*|commit\w*|agreed to)/gi;

/** A memory's text without what it quotes or reports the customer as saying: only the team's own words. */
export function teamWords(text: string): string {
  const unquoted = text.replace(quotations, (_whole, lead: string | undefined) => `${lead ?? ''} `);
  const unreported = unquoted.replace(reportingVerb, (clause, _verb, offset: number, whole: string) => {
    const sentenceStart = Math.max(whole.lastIndexOf('.', offset), whole.lastIndexOf(';', offset), whole.lastIndexOf('!', offset), whole.lastIndexOf('?', offset)) + 1;
    return teamSubject.test(whole.slice(sentenceStart, offset)) ? clause : ' ';
  });
  return unreported.replace(deniedPromise, ' ');
}

/** The promise a memory records the team making and not yet keeping, read from the team's own words. */
export function promiseIn(text: string): { what: string } | null {
  const own = teamWords(text);
  if (!promiseWords.test(own) || keptWords.test(own)) return null;
  const what = /\bpromised\s+(?:him|her|them|the customer|us)?\s*(?:a|an|the)?\s*([^.;]+)/i.exec(own)?.[1]?.trim() ?? 'follow-up';
  return { what: what.replace(/\s+on (his|her|their) next invoice$/i, ' on the next invoice') };
}

/** A memory saying a promise was kept: the kinds of promise it closes (credit, refund). */
export function keptKinds(text: string): { credit: boolean; refund: boolean } | null {
  const own = teamWords(text);
  if (!keptWords.test(own) || !/\b(credit|refund|promise)/i.test(own)) return null;
  return { credit: /credit/i.test(own), refund: /refund/i.test(own) };
}

// Money promised back: a credit (not a credit card), a refund, a discount. In the languages memdesk answers in.
const moneyWords = /\b(credit(?!\s*cards?\b)\w*|refund\w*|reimburs\w*|money back|paid back|pay (?:me |us )?back|discount\w*|compensat\w*|gutschrift\w*|erstatt\w*|rückerstatt\w*|rembours\w*|avoir|crédit\w*|reembols\w*|descuento|desconto|terugbetal\w*|tegoed)/i;
// A fix or a call back promised: the customer asks about it when they ask whether it is fixed yet.
const fixPromised = /\b(fix\w*|patch\w*)\b/i;
const fixAsked = /\b(?:the|a|your|that|this|promised) (?:fix|patch)\b|\b(?:been|be|get|got|gets|is|was) fixed\b|\bfixed (?:yet|already|now)\b/i;
const callPromised = /\bcall\s?back|\bcall (?:him|her|them)\b/i;
const callAsked = /\bcall\s?back|\bcall (?:me|us)\b/i;
// The customer speaks of a promise itself: "you promised", "versprochen", "prometieron"…
const promiseTalk = /\b(promis\w*|you said you(?: would|'d)|you told (?:me|us) you(?: would|'d)|versproch\w*|zugesagt|prometi\w*|prometeu|prometido|beloofd)/i;

/** The issue types a promise is about: the type of the memory it is in, and billing and cancellation for money. */
export function promiseTopics(memoryText: string, memoryIssueType: IssueType | undefined): IssueType[] {
  const topics = new Set<IssueType>();
  // "other" says nothing about what it concerns: such a promise bears on a request only when asked about.
  if (memoryIssueType && memoryIssueType !== 'other') topics.add(memoryIssueType);
  if (moneyWords.test(teamWords(memoryText))) topics.add('billing').add('cancellation');
  return [...topics];
}

/** The customer's message asks about this promise: it speaks of a promise, or names what was promised. */
function asksAbout(p: OpenPromise, message: string): boolean {
  if (promiseTalk.test(message)) return true;
  const promised = teamWords(p.memory);
  if (moneyWords.test(promised) && moneyWords.test(message)) return true;
  if (fixPromised.test(promised) && fixAsked.test(message)) return true;
  return callPromised.test(promised) && callAsked.test(message);
}

/** The open promises that bear on this request: of its issue type, or asked about in the message. */
export function promisesBearingOn(promises: readonly OpenPromise[], request: { issue_type: IssueType; message: string }): OpenPromise[] {
  return promises.filter((p) => p.issue_types.includes(request.issue_type) || asksAbout(p, request.message));
}
