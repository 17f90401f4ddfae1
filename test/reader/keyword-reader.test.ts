// The keyword reader behind the Reader port: today's keyword rules, read into a Reading.
import { describe, expect, it } from 'vitest';
import { readingSchema } from '../../src/core/reading.js';
import { createKeywordReader } from '../../src/reader/keyword-reader.js';

const reader = createKeywordReader();

describe('the keyword reader', () => {
  it.each([
    ['Hi, I was charged twice for my subscription this month. Can you sort this out?', 'billing'],
    ['The dashboard is down, we get a 500 error', 'outage'],
    ["I can't log in, the reset link never arrives", 'access'],
    ['Please cancel our subscription at the end of the month', 'cancellation'],
    ['It would be great if you could add dark mode', 'feature_request'],
    ['How do I export my data?', 'how_to'],
    ['Hello there', 'other'],
    ['Die Rechnung wurde doppelt abgebucht', 'billing'],
  ])('reads "%s" as %s', (text, type) => {
    const reading = reader.read({ text });
    expect(readingSchema.parse(reading)).toEqual(reading);
    expect(reading.issue_type).toBe(type);
    expect(reading.issue_types[0]).toEqual({ type, confidence: reading.confidence });
    const total = reading.issue_types.reduce((sum, t) => sum + t.confidence, 0);
    expect(total).toBeCloseTo(1, 5);
  });

  it('gives a crude confidence: the chosen type\'s share of the keyword weight', () => {
    // "charged" (billing, 2) and "error" (outage, 2): a tie, settled by the rules' order
    const reading = reader.read({ text: 'I was charged and then got an error' });
    expect(reading.issue_type).toBe('billing');
    expect(reading.confidence).toBeCloseTo(0.5, 5);
    expect(reader.read({ text: 'Hello there' }).confidence).toBe(1);
  });

  it('pulls out the fields the policy asks for', () => {
    expect(reader.read({ text: "Sure, it's inv_2026_0042, reach me at Ben@Northwind.example" }).fields).toEqual({
      invoice_id: 'INV-2026-0042',
      email: 'ben@northwind.example',
    });
  });

  it('tells the language from the multilingual keywords, English otherwise', () => {
    expect(reader.read({ text: 'Die Seite zeigt einen Fehler, bitte helfen' }).language).toBe('de');
    expect(reader.read({ text: 'Bonjour, le paiement a été prélevé deux fois' }).language).toBe('fr');
    expect(reader.read({ text: 'Hola, el sitio no funciona' }).language).toBe('es');
    expect(reader.read({ text: 'The site is down' }).language).toBe('en');
  });

  it('knows a pleasantry alone, and a message that asks for a person', () => {
    expect(reader.read({ text: 'thanks!' }).pleasantry_only).toBe(true);
    expect(reader.read({ text: 'thanks, but it is still broken' }).pleasantry_only).toBe(false);
    expect(reader.read({ text: 'Can I talk to a human please?' }).asks_for_human).toBe(true);
  });

  it('is deterministic', () => {
    const text = 'Our whole team is locked out since 9am, production is blocked';
    expect(reader.read({ text })).toEqual(reader.read({ text }));
    expect(reader.read({ text }).severity).toMatchObject({ production_blocked: true, many_users: true });
  });
});
