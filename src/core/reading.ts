// What the reader makes of a customer's message: the one shared reading of a message that the
// policy engine, the guardrails, the records and the page all use. The Reader port turns text
// (and the thread so far) into a Reading; adapters live in src/reader/.
import { z } from 'zod';
import { MAX_PACKET_MESSAGE_CHARS } from './packet.js';
import { deciderReadingSchema, issueType, issueTypes } from './tools.js';

/** Every issue type memdesk knows; `security` is handled at once on every plan. */
export const readingIssueTypes = issueTypes;
export const readingIssueType = issueType;

/** Languages memdesk answers in; anything else is read as `other` and answered in English. */
export const supportedLanguages = ['en', 'de', 'fr', 'es', 'pt', 'nl'] as const;
export type SupportedLanguage = (typeof supportedLanguages)[number];
/** A decider's languages, and `none`: the reader's word for text too short to be in any ("hi", "ok"). */
export const readingLanguage = z.enum([...deciderReadingSchema.shape.language.options, 'none']);

/**
 * The language a reply is written in: the message's (or its thread's, which the reader gives a short
 * follow-up) when memdesk has templates for it; for a message too short to tell (`none`), the language
 * memory holds for the customer from earlier tickets; else English.
 */
export function replyLanguage(language: z.infer<typeof readingLanguage>, remembered?: SupportedLanguage): SupportedLanguage {
  if (language === 'none') return remembered ?? 'en';
  return language === 'other' ? 'en' : language;
}

const languageNames: Record<SupportedLanguage, string> = { en: 'English', de: 'German', fr: 'French', es: 'Spanish', pt: 'Portuguese', nl: 'Dutch' };
/** A language's English name, as staff write it in memory and read it in a brief. */
export function languageName(language: SupportedLanguage): string {
  return languageNames[language];
}
/** A supported language from its code or its English name ("de", "German"), as memory states it. */
export function languageNamed(said: string): SupportedLanguage | undefined {
  const lower = said.toLowerCase();
  return supportedLanguages.find((l) => l === lower || languageNames[l].toLowerCase() === lower);
}

export const readingSchema = z.object({
  /** The most likely issue type and the reader's calibrated probability for it (0–1). */
  issue_type: readingIssueType,
  confidence: z.number().min(0).max(1),
  /** Every issue type with its probability, most likely first; the probabilities sum to ~1. */
  issue_types: z.array(z.object({ type: readingIssueType, confidence: z.number().min(0).max(1) })),
  severity: deciderReadingSchema.shape.severity,
  language: readingLanguage,
  /** Fields the policy may ask for, as written by the customer (invoice_id, email, order_id, workspace_id, error_code). */
  fields: z.record(z.string(), z.string()),
  /** The customer asks for a person ("can I talk to a human?") in any supported language. */
  asks_for_human: z.boolean(),
  /**
   * The customer says something still fails or did not help ("still doesn't work", "that didn't help",
   * "same error"), in any supported language: after an answer on the ticket, the answer did not solve it.
   */
  says_unsolved: z.boolean(),
  /**
   * The customer asks how or where to do something themselves ("where can I download last month's
   * invoice?") and reports nothing gone wrong with a charge, a payment or an invoice: a billing message
   * that only asks this is answered from a help-center article that covers it.
   */
  asks_self_serve: z.boolean(),
  /**
   * Somewhere in the ticket the customer says something went wrong with a charge, a payment, a refund or an invoice
   * of theirs ("charged twice", "a fee I shouldn't have paid", "my refund never came"), in any supported language: the
   * one kind of billing message an invoice ID helps a person look into. "What do I owe?" or "can you change my billing
   * frequency?" reports nothing wrong and is asked for no invoice ID.
   */
  reports_money_problem: z.boolean(),
  /**
   * The customer asks for a discount or a price other than the list price ("can we get a discount for a
   * nonprofit?") and reports nothing wrong with a charge: a person on the billing team decides it.
   */
  asks_discount: z.boolean(),
  /** Only a pleasantry ("thanks!", "ok"): needs no new decision. */
  pleasantry_only: z.boolean(),
  /** The message already carries detail (symptoms, impact, times, steps): never answer it with a generic "tell me more". */
  has_detail: z.boolean(),
});
export type Reading = z.infer<typeof readingSchema>;

export interface ReaderInput {
  /** The customer's newest message. */
  text: string;
  /** Earlier customer messages of the same ticket, oldest first. */
  thread?: string[];
}

/** The earlier messages a reading takes into account: the thread without its blank messages. */
export const earlierMessages = (input: ReaderInput): string[] => (input.thread ?? []).filter((message) => message.trim() !== '');

/** Turns a customer's words into a Reading. Deterministic: the same input gives the same reading. */
export interface Reader {
  read(input: ReaderInput): Reading;
  /**
   * A slower second reading of the issue type, when the reader has one and the first reading is
   * unsure; returns the first reading otherwise. May load a model on first use.
   */
  reconsider?(input: ReaderInput, first: Reading): Promise<Reading>;
  /**
   * The words of a message that say what it asks about: without those that only say how bad it is
   * (production blocked, many people hit, data lost) or that it is still unsolved ("still doesn't work"),
   * and without the identifiers it carries (an error code, an invoice ID). Intake reads them to tell a
   * follow-up that only adds impact, or says the answer failed, from another request.
   */
  requestWords?(text: string): string;
  /** `read({ text }).issue_type` alone, when the reader can work it out without the rest of the reading. */
  issueType?(text: string): Reading['issue_type'];
}

/**
 * What a message is read with: its words (as far as a decider sees them) and, for a follow-up in an open
 * ticket, the message that opened the ticket, so a short "still broken" means what the ticket means.
 */
export function messageReaderInput(message: string, openedWith: string | null): ReaderInput {
  return { text: message.slice(0, MAX_PACKET_MESSAGE_CHARS), thread: openedWith === null ? [] : [openedWith] };
}

/** A reading and the input it was read from: a turn given one for its own input reads nothing again. */
export interface MessageReading {
  input: ReaderInput;
  reading: Reading;
}

/** Whether two inputs are the same words with the same thread (so the same reader gives the same reading). */
export function sameReaderInput(a: ReaderInput, b: ReaderInput): boolean {
  const earlierA = earlierMessages(a);
  const earlierB = earlierMessages(b);
  return a.text === b.text && earlierA.length === earlierB.length && earlierA.every((m, i) => m === earlierB[i]);
}

/**
 * The one way a turn reads a customer's message: the reader's reading, refined by its second opinion
 * when it has one. A second opinion only refines: when it cannot be had (its model will not load), the
 * first reading stands and `onSecondOpinionFailed` hears why. The new-ticket and the joined-follow-up
 * paths (intake.ts) both read through here, so they see a message alike.
 */
export async function readMessage(reader: Reader, input: ReaderInput, onSecondOpinionFailed?: (err: unknown) => void): Promise<Reading> {
  const first = reader.read(input);
  if (!reader.reconsider) return first;
  try {
    return await reader.reconsider(input, first);
  } catch (err) {
    onSecondOpinionFailed?.(err);
    return first;
  }
}
