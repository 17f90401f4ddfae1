import { describe, expect, it } from 'vitest';
import { readingSchema } from '../../src/core/reading.js';
import { loadRealSet } from '../../src/eval/real-set.js';
import { TrainedReader } from '../../src/reader/trained-reader.js';

const reader = TrainedReader.load();
const read = (text: string, thread?: string[]) => reader.read({ text, thread });

describe('the trained reader', () => {
  it('is deterministic: the same words give the same reading, across loads', () => {
    const text = 'Our exports have failed since this morning and nobody can download reports.';
    expect(read(text)).toEqual(read(text));
    expect(TrainedReader.load().read({ text })).toEqual(read(text));
  });

  it('gives the issue type alone as its full reading does, on every real development message', () => {
    const texts = loadRealSet().map((message) => message.text);
    const differing = texts.filter((text) => reader.issueType(text) !== read(text).issue_type);
    expect(texts.length).toBeGreaterThan(500);
    expect(differing).toEqual([]);
  });

  it('types a remembered request for records as it reads it: billing, not the security the bank words lean to', () => {
    // issueType (used for memories) skipped the reading rule that takes a word-only security guess out of a request
    // for the customer's own records, so this was read as billing and remembered as a security incident.
    for (const text of ['I need a bank statement for our auditors', 'Can I get a copy of my bank statement?']) {
      expect(read(text).issue_type).toBe('billing');
      expect(reader.issueType(text)).toBe('billing');
    }
  });

  it('returns a valid reading whose probabilities sum to one, most likely first', () => {
    const reading = read('I was charged twice for my subscription this month');
    expect(readingSchema.parse(reading)).toEqual(reading);
    const sum = reading.issue_types.reduce((total, entry) => total + entry.confidence, 0);
    expect(sum).toBeCloseTo(1, 5);
    expect(reading.issue_types[0]).toEqual({ type: reading.issue_type, confidence: reading.confidence });
    expect(reading.issue_type).toBe('billing');
  });

  it('reads "How do I export my invoices as PDF?" as a how-to question, not billing', () => {
    expect(read('How do I export my invoices as PDF?').issue_type).toBe('how_to');
  });

  it('reads an admin takeover with a changed billing email as security', () => {
    const reading = read(
      'Our admin account was taken over last night. Whoever did it changed the billing email to an address we do not know.',
    );
    expect(reading.issue_type).toBe('security');
    expect(reading.severity.security).toBe(true);
  });

  it('reads a team-wide login failure that blocks production as blocking and many users', () => {
    const reading = read('Nobody on our team can log in since 9am and production work is blocked!');
    expect(['outage', 'access']).toContain(reading.issue_type);
    expect(reading.severity.production_blocked).toBe(true);
    expect(reading.severity.many_users).toBe(true);
    expect(reading.has_detail).toBe(true);
  });

  it('reads a German outage report as an outage, in German', () => {
    const reading = read(
      'Seit heute Morgen um 8 Uhr ist die Plattform bei uns komplett ausgefallen. Keiner im Team kann Tickets bearbeiten, wir bekommen nur eine Fehlerseite.',
    );
    expect(reading.issue_type).toBe('outage');
    expect(reading.language).toBe('de');
    expect(reading.severity.many_users).toBe(true);
  });

  it('reads a report of repeated interruptions as an outage, not a suggestion', () => {
    expect(read('We keep having system interruptions, the service drops several times a day and we lose our work.').issue_type).toBe(
      'outage',
    );
  });

  it('reads feature requests and cancellations', () => {
    expect(read('It would be great if you could add an export to Google Sheets.').issue_type).toBe('feature_request');
    expect(read('Please cancel our subscription, we are moving to another vendor.').issue_type).toBe('cancellation');
  });

  it('reads a leaked API key as security in French and Spanish too', () => {
    expect(read('Notre clé API a fuité sur un forum public, que devons-nous faire ?').issue_type).toBe('security');
    expect(read('Alguien accedió a nuestra cuenta sin permiso y cambió la contraseña.').issue_type).toBe('security');
  });

  it('lets a short follow-up mean what its thread means', () => {
    const reading = read('still the same', ['The dashboard is down for everyone, we get a 502 error on every page.']);
    expect(reading.issue_type).toBe('outage');
  });

  it.each([
    ['en', 'Can I talk to a human please?'],
    ['de', 'Kann ich bitte mit einem Menschen sprechen?'],
    ['fr', 'Est-ce que je peux parler à un humain ?'],
    ['es', '¿Puedo hablar con una persona real?'],
    ['pt', 'Posso falar com um atendente humano?'],
    ['nl', 'Kan ik met een echte persoon praten?'],
  ])('hears a request for a person in %s', (language, text) => {
    const reading = read(text);
    expect(reading.asks_for_human).toBe(true);
    expect(reading.language).toBe(language);
  });
});
