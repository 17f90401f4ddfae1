// Reads what the policy depends on out of retrieved memories: plan, SLA, renewal date, CSM,
// earlier issues with their dates, and promises not yet kept (the CSM: remembered-csm.ts). Staff write these in plain English,
// so metadata is used first and the sentence itself otherwise. Newer memories win on conflicts.
import type { PacketMemory } from './ports.js';
import type { IssueType } from './tools.js';
import { DAY_MS, isoDay } from '../clock.js';
import { languageNamed, type Reader, type SupportedLanguage } from './reading.js';
import type { Rules } from './policy.js';
import { boundedMemo } from '../bounded-memo.js';
import { keptKinds, promiseIn, promiseTopics, type OpenPromise } from './open-promises.js';
import { csmGoneIn, csmNamedIn } from './remembered-csm.js';
import { regexLiteral } from './regex-literal.js';

export interface PriorIssue {
  issue_type: IssueType;
  date: string;
  memory: string;
  memory_id: string;
  /** The ticket the memory is the outcome of (store_support_outcome_memory writes it); absent in what staff wrote. */
  ticket_id?: string;
}
export interface MemoryFacts {
  plan?: { key: string; memory_id: string };
  sla_hours?: number;
  /** The memory that stated sla_hours. */
  sla_memory?: { id: string; text: string };
  renewal_date?: string;
  csm_name?: string;
  /** The language the customer writes in, from earlier tickets (their outcome memories) or as staff noted it. */
  language?: SupportedLanguage;
  prior_issues: PriorIssue[];
  open_promises: OpenPromise[];
  /** Memory ids that carried a fact the policy used. */
  used: Set<string>;
}

const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const monthName = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const isoDatePattern = /\b(20\d\d)-(\d\d)-(\d\d)\b/;
const monthFirst = new RegExp(`\\b${monthName}\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(20\\d\\d)\\b`, 'i');
const dayFirst = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+${monthName}\\.?,?\\s+(20\\d\\d)\\b`, 'i');
const relative = /\bin\s+(\d{1,3})\s+(day|week|month)s?\b/i;

const pad = (n: number) => String(n).padStart(2, '0');
const monthIndex = (name: string) => months.indexOf(name.slice(0, 3).toLowerCase()) + 1;

/** The first calendar date in a sentence, as YYYY-MM-DD; relative phrases count from `writtenAt`. */
export function findDate(text: string, writtenAt?: string): string | undefined {
  const iso = isoDatePattern.exec(text);
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}`;
  const mf = monthFirst.exec(text);
  if (mf) return `${mf[3]}-${pad(monthIndex(mf[1]!))}-${pad(Number(mf[2]))}`;
  const df = dayFirst.exec(text);
  if (df) return `${df[3]}-${pad(monthIndex(df[2]!))}-${pad(Number(df[1]))}`;
  const rel = relative.exec(text);
  if (rel && writtenAt) {
    const days = Number(rel[1]) * (rel[2]!.toLowerCase() === 'week' ? 7 : rel[2]!.toLowerCase() === 'month' ? 30 : 1);
    return isoDay(new Date(Date.parse(writtenAt) + days * DAY_MS));
  }
  return undefined;
}

const issueWords = /\b(reported|report|complained|raised|opened|ticket|escalat\w*|issue|problem|incident|outage|charged|contacted us)\b/i;

// How staff note a customer's language: "writes in German", "prefers French", "German-speaking", "language: de".
const languageWord = '(English|German|French|Spanish|Portuguese|Dutch)';
const spokenLanguage = new RegExp(
  `\\b(?:writes|wrote|speaks|spoke|prefers|preferred|answered|replies|communicates|corresponds)\\b[^.;]{0,30}?\\b${languageWord}\\b|\\b${languageWord}[- ]speak(?:ing|er)\\b|\\blanguage\\s*(?:is|:)\\s*(?:the\\s+)?(${languageWord.slice(1, -1)}|en|de|fr|es|pt|nl)\\b`,
  'i',
);

interface PlanPatterns {
  names: { key: string; n: string }[];
  change: RegExp;
  on: RegExp;
}
/** The plan patterns of a policy, built once per loaded policy rather than per memory read. */
const planPatternsOf = new WeakMap<Rules, PlanPatterns>();
function planPatterns(rules: Rules): PlanPatterns {
  let found = planPatternsOf.get(rules);
  if (!found) {
    const names = Object.entries(rules.plans).flatMap(([key, p]) => p.names.map((n) => ({ key, n: n.toLowerCase() })));
    const alt = names.map((x) => regexLiteral(x.n)).join('|');
    found = {
      names,
      change: new RegExp(`\\b(?:upgraded|moved|switched|changed|downgraded|migrated)\\b[^.]*?\\bto\\s+(?:the\\s+)?(${alt})\\b`, 'i'),
      on: new RegExp(`\\b(${alt})\\b(?:\\s+\\w+)?\\s+(?:plan|tier|subscription|customer|account|contract)\\b|\\b(?:plan|tier)\\s*(?:is|:)?\\s*(?:the\\s+)?(${alt})\\b`, 'i'),
    };
    planPatternsOf.set(rules, found);
  }
  return found;
}

function planIn(text: string, rules: Rules): string | undefined {
  const lower = text.toLowerCase();
  const { names, change: changePattern, on: onPattern } = planPatterns(rules);
  // "moved from Pro to Enterprise": the plan after "to" is the current one.
  const change = changePattern.exec(lower);
  if (change) return names.find((x) => x.n === change[1])?.key;
  const on = onPattern.exec(lower);
  const name = on?.[1] ?? on?.[2];
  return name ? names.find((x) => x.n === name)?.key : undefined;
}

/** Issue types of memory texts already read, per reader: a scope's memories come back in every turn. */
const issueTypesOf = new WeakMap<Reader, (text: string) => IssueType>();
const MAX_REMEMBERED_ISSUE_TYPES = 20_000;
/** What the reader makes of a memory's text (readers are deterministic, so once per text is enough). */
function memoryIssueType(reader: Reader, text: string): IssueType {
  let known = issueTypesOf.get(reader);
  if (!known) {
    // Only the issue type is needed: a reader that can give it alone skips the rest of the reading.
    known = boundedMemo((t) => (reader.issueType ? reader.issueType(t) : reader.read({ text: t }).issue_type) as IssueType, MAX_REMEMBERED_ISSUE_TYPES);
    issueTypesOf.set(reader, known);
  }
  return known(text);
}

function metaString(m: PacketMemory, key: string): string | undefined {
  const v = m.metadata?.[key];
  return typeof v === 'string' && v ? v : undefined;
}

/** What a memory's text alone says, before its metadata and the date it was written are looked at. */
interface TextFacts {
  plan: string | undefined;
  sla_hours: number | undefined;
  renews: boolean;
  csm: string | undefined;
  /** The language named as the one the customer writes in, as written ("German", "de"). */
  spoken: string | undefined;
  /** Whether the text reads as an earlier issue (and not as a renewal or a plan's SLA). */
  issue_like: boolean;
  promise: ReturnType<typeof promiseIn>;
  kept: ReturnType<typeof keptKinds>;
}

function readText(text: string, rules: Rules, teamNames: readonly string[]): TextFacts {
  const sla = /(\d{1,3})[- ]?(?:hour|hr|h)\b[^.]{0,40}\bSLA\b|\bSLA\b[^.]{0,40}?\b(\d{1,3})\s*(?:hours|hrs|h)\b/i.exec(text);
  return {
    plan: planIn(text, rules),
    sla_hours: sla ? Number(sla[1] ?? sla[2]) : undefined,
    renews: /\brenew\w*/i.test(text),
    csm: csmNamedIn(text, teamNames),
    spoken: spokenLanguage.exec(text)?.slice(1).find(Boolean),
    issue_like: issueWords.test(text) && !/\brenew\w*|\bplan\b[^.]*\bSLA\b/i.test(text),
    promise: promiseIn(text, teamNames),
    kept: keptKinds(text, teamNames),
  };
}

/**
 * Text facts already read, per policy and per list of staff names: the memories of a customer and their
 * account come back in every turn (and again for each memory where superseded ones are sorted out), and
 * the same text, policy and staff always read the same.
 */
const textFactsOf = new WeakMap<Rules, Map<string, (text: string) => TextFacts>>();
const MAX_REMEMBERED_TEXTS = 20_000;
/** Staff lists kept per policy: the directory's own and the empty one, and a few more when the directory is reloaded. */
const MAX_STAFF_LISTS = 8;
function textFactsReader(rules: Rules, teamNames: readonly string[]): (text: string) => TextFacts {
  let byStaff = textFactsOf.get(rules);
  if (!byStaff) {
    byStaff = new Map();
    textFactsOf.set(rules, byStaff);
  }
  const key = teamNames.join('\n');
  let read = byStaff.get(key);
  if (!read) {
    if (byStaff.size >= MAX_STAFF_LISTS) byStaff.clear();
    const names = [...teamNames];
    read = boundedMemo((text) => readText(text, rules, names), MAX_REMEMBERED_TEXTS);
    byStaff.set(key, read);
  }
  return read;
}

/** `teamNames`: the staff the directory names, whose reported words are the team's ("Dana said you'd credit us"). */
export function readMemoryFacts(memories: PacketMemory[], rules: Rules, today: string, reader: Reader, teamNames: readonly string[]): MemoryFacts {
  const facts: MemoryFacts = { prior_issues: [], open_promises: [], used: new Set() };
  const oldestFirst = [...memories].sort((a, b) => a.created_at.localeCompare(b.created_at));
  const textFacts = textFactsReader(rules, teamNames);
  for (const m of oldestFirst) {
    const text = m.memory;
    const said = textFacts(text);
    const plan = metaString(m, 'plan') ?? said.plan;
    if (plan && rules.plans[plan]) (facts.plan = { key: plan, memory_id: m.id }), facts.used.add(m.id);

    if (said.sla_hours !== undefined) (facts.sla_hours = said.sla_hours), (facts.sla_memory = { id: m.id, text }), facts.used.add(m.id);

    if (said.renews) {
      const date = metaString(m, 'renewal_date') ?? findDate(text, m.created_at);
      if (date) (facts.renewal_date = date), facts.used.add(m.id);
    }
    const csm = metaString(m, 'csm_name') ?? said.csm;
    if (csm) (facts.csm_name = csm), facts.used.add(m.id);
    // A later memory that says the CSM left clears them: no notice goes to someone who is gone.
    else if (facts.csm_name && csmGoneIn(text, facts.csm_name)) delete facts.csm_name;

    const language = languageNamed(metaString(m, 'language') ?? said.spoken ?? '');
    if (language) facts.language = language;

    const date = metaString(m, 'date') ?? findDate(text, m.created_at) ?? m.created_at.slice(0, 10);
    const metaType = metaString(m, 'issue_type') as IssueType | undefined;
    if (metaType || said.issue_like) {
      const issueType = metaType ?? memoryIssueType(reader, text);
      const ticket_id = metaString(m, 'ticket_id');
      if (date <= today) facts.prior_issues.push({ issue_type: issueType, date, memory: text, memory_id: m.id, ...(ticket_id ? { ticket_id } : {}) });
    }
    // Only what the team committed to is a promise (staff, memdesk, or someone of the team as the
    // customer reports it): never the customer's own words or intentions in memory.
    const promise = said.promise;
    if (promise) {
      const topics = promiseTopics(text, metaType ?? memoryIssueType(reader, text), teamNames);
      facts.open_promises.push({ what: promise.what, date, memory: text, memory_id: m.id, issue_types: topics, ...(promise.second_hand ? { second_hand: { ...promise.second_hand } } : {}), ...(promise.to ? { to: promise.to } : {}) });
    }
    const kept = said.kept;
    if (kept) {
      // A later memory saying the promise was kept closes the earlier promises of that kind.
      facts.open_promises = facts.open_promises.filter((p) => !(/credit/i.test(p.what) && kept.credit) && !(/refund/i.test(p.what) && kept.refund));
    }
  }
  return facts;
}

/**
 * Earlier issues of this type inside the rules' window, oldest first: one per earlier ticket (each of
 * its answered turns writes an outcome memory), and none from `thisTicket`, whose own earlier turns are
 * the same issue, not a repeat of it (null where the ticket is not known yet: the inbox's door).
 */
export function repeatIssues(facts: MemoryFacts, issue: IssueType, rules: Rules, today: string, thisTicket: string | null): PriorIssue[] {
  const since = isoDay(new Date(Date.parse(today) - rules.repeat_issue.window_days * DAY_MS));
  const seen = new Set<string>();
  const issueKey = (p: PriorIssue) => (p.ticket_id ? `ticket ${p.ticket_id}` : `memory ${p.memory_id}`);
  return facts.prior_issues
    .filter((p) => p.issue_type === issue && p.date >= since && (!p.ticket_id || p.ticket_id !== thisTicket))
    .sort((a, b) => a.date.localeCompare(b.date))
    .filter((p) => (seen.has(issueKey(p)) ? false : (seen.add(issueKey(p)), true)));
}

/** Enough earlier problems of this type (`repeatIssues`) to make this one a repeat: only the types the rules count as problems. */
export function isRepeatIssue(repeats: readonly PriorIssue[], issue: IssueType, rules: Rules): boolean {
  return rules.repeat_issue.issue_types.includes(issue) && repeats.length >= rules.repeat_issue.threshold;
}

export function daysUntil(date: string, today: string): number {
  return Math.round((Date.parse(date) - Date.parse(today)) / DAY_MS);
}

/**
 * Memories whose every single-valued fact (plan, SLA, renewal date, CSM) is restated differently by
 * a newer memory. They are left out of the packet so the newer fact wins for any decider.
 */
export function supersededMemoryIds(memories: PacketMemory[], rules: Rules, today: string, reader: Reader): Set<string> {
  const statedBy = (m: PacketMemory) => {
    // Promises are not single-valued facts: who speaks for the team does not matter here.
    const f = readMemoryFacts([m], rules, today, reader, []);
    const stated: Record<string, string> = {};
    if (f.plan) stated.plan = f.plan.key;
    if (f.sla_hours !== undefined) stated.sla = String(f.sla_hours);
    if (f.renewal_date) stated.renewal = f.renewal_date;
    if (f.csm_name) stated.csm = f.csm_name.toLowerCase();
    return stated;
  };
  const newestFirst = [...memories].sort((a, b) => b.created_at.localeCompare(a.created_at));
  const current: Record<string, string> = {};
  const superseded = new Set<string>();
  for (const m of newestFirst) {
    const stated = Object.entries(statedBy(m));
    if (stated.length && stated.every(([k, v]) => current[k] !== undefined && current[k] !== v)) superseded.add(m.id);
    for (const [k, v] of stated) current[k] ??= v;
  }
  return superseded;
}
