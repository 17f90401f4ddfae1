// A message of a word or two ("hi", "ok", "no", "invoice?") says too little to tell a language by.
// It is never read as a foreign language: it has no language (`none`) and is answered in English, or
// in the language of the ticket's thread it continues. Real short messages come from the public sets
// (BANKING77's test split, the support-text intents); the rest are what people type.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { banking77 } from '../../scripts/reader/corpus.js';
import { TrainedReader } from '../../src/reader/trained-reader.js';
import type { Memdesk } from '../../src/memdesk.js';
import { testMemdesk } from '../support/memdesk-env.js';

const reader = TrainedReader.load();
const language = (text: string) => reader.read({ text }).language;
const words = (text: string) => (text.match(/\p{L}+/gu) ?? []).length;

// Every real message of two words or fewer: BANKING77's test split (never trained on) and the English
// support-text rows (Bitext, CLINC150, DSTC11, NLU++), copied from ../shared/data with their ids (DATA.md).
const supportText = readFileSync(new URL('../fixtures/short-messages/support-text.jsonl', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map((line) => (JSON.parse(line) as { text: string }).text);
const banking77Test = banking77('eval/banking77/test.csv', 'test').map((row) => row.text);
const realShort = [...supportText, ...banking77Test].filter((text) => words(text) <= 2);

const foreign = ['de', 'fr', 'es', 'pt', 'nl', 'other'];

describe('short messages have no foreign language', () => {
  it('reads no real one- or two-word English message as a foreign language', () => {
    expect(realShort.length).toBeGreaterThan(200);
    expect(realShort).toEqual(expect.arrayContaining(['Change currency', 'Pending transfer?']));
    expect(realShort.filter((text) => foreign.includes(language(text))).map((text) => `${text}: ${language(text)}`)).toEqual([]);
  });

  it.each(['hi', 'help', 'ok', 'invoice?', 'hello', 'Hello?', 'yes', 'no', 'nope', 'pending', 'login', 'asap', 'urgent', 'sure', 'k', '👍', '?', 'ok.', 'still broken'])(
    'reads %j as English or no language',
    (text) => {
      expect(['en', 'none']).toContain(language(text));
    },
  );

  it('says "no language" for a word the model alone would call Spanish', () => {
    expect(language('no')).toBe('none');
    expect(language('hello')).toBe('none');
  });

  it('still reads a sentence, or two words it is sure of, in its language', () => {
    expect(language('Hilfe bitte')).toBe('de');
    expect(language('Meine Rechnung wurde doppelt belastet, bitte prüfen.')).toBe('de');
    expect(language('Bonjour, ma facture a été débitée deux fois.')).toBe('fr');
  });

  it('reads a short follow-up in the language of its thread', () => {
    expect(reader.read({ text: 'ok', thread: ['Meine Rechnung wurde doppelt belastet, bitte prüfen Sie das.'] }).language).toBe('de');
  });
});

describe('the reply to a short message', () => {
  let open: (Memdesk & { cleanup(): Promise<void> })[] = [];
  afterEach(async () => {
    await Promise.all(open.map((m) => m.cleanup()));
    open = [];
  });
  async function reply(message: string) {
    const m = await testMemdesk();
    open.push(m);
    return m.handleTicket({ user: 'cust_fiona', message });
  }

  // A greeting is greeted back; a short message that says nothing else is asked what it is about. Either in English
  // when the message has no language of its own, as a sentence read as English would be.
  it.each([
    ['hello', 'hi'],
    ['yes', 'help'],
    ['no', 'help'],
  ])('to %j is the English one %j gets', async (message, inEnglish) => {
    const english = await reply(inEnglish);
    expect(english.reading.language).toBe('en');
    const o = await reply(message);
    expect(o.reading.language).toBe('none');
    expect(o.customer_response).toBe(english.customer_response);
    expect(o.handoff_brief).not.toMatch(/Language:/);
  });
});
