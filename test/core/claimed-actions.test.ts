// A customer-facing text may claim only what a record backs: the claims memdesk reads, in the six
// languages it answers in, and every text the policy engine itself writes passing the same rule.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unrecordedClaim } from '../../src/core/claimed-actions.js';
import { loadPolicy } from '../../src/core/policy.js';

const none = { escalated: false, quoted: [] };

describe('claimed actions', () => {
  it.each([
    "Refunded! You'll see it in 3–5 days.",
    "I've cancelled your subscription.",
    'We have reset your 2FA.',
    "I've applied a 20% discount to your plan.",
    'Your subscription has been cancelled.',
    'Ich habe Ihr Abonnement gekündigt.',
    'Wir haben den Betrag erstattet.',
    "J'ai remboursé le double prélèvement.",
    'Votre abonnement a été résilié.',
    'He cancelado tu suscripción.',
    'Cancelei sua assinatura.',
    'O valor foi estornado.',
    'Ik heb je abonnement opgezegd.',
    'Het bedrag is terugbetaald.',
  ])('%s claims an action memdesk cannot take, escalated or not', (text) => {
    expect(unrecordedClaim(text, none)).toMatch(/claims an action memdesk cannot take/);
    expect(unrecordedClaim(text, { escalated: true, quoted: [] })).toMatch(/claims an action memdesk cannot take/);
  });

  it.each([
    "I've escalated this to our billing team.",
    'I have passed this to our support team.',
    "I've created a ticket for you.",
    'Our billing team will look at it and get back to you.',
    'Our engineering team is looking into the export error.',
    'Thanks Ben, our billing team has your ticket.',
    'Ich habe das an unser Abrechnungsteam weitergeleitet.',
    "J'ai transmis votre demande à notre équipe.",
    'He escalado tu caso.',
    'Encaminhei para a equipe de cobrança.',
    'Ik heb dit doorgestuurd naar ons team.',
  ])('%s needs an escalation on record', (text) => {
    expect(unrecordedClaim(text, none)).toMatch(/a person has the ticket .* but no escalation was made/);
    expect(unrecordedClaim(text, { escalated: true, quoted: [] })).toBeNull();
  });

  it.each([
    'You can request a refund under Settings > Billing.',
    "If we refund the charge, you'll see it within 5 days.",
    'Click Refund, then confirm.',
    'A duplicate charge is refunded within 5 days.',
    // History memory recorded: dated, so it is the record, not a claim of this turn.
    'The credit we applied in March covers this month too.',
    // The customer's own words, quoted.
    'You wrote "I\'ve cancelled my subscription", so I checked your plan.',
    'Wenn wir die Abbuchung erstatten, sehen Sie den Betrag in 5 Tagen.',
    'Si usas SSO, pide al administrador que te vuelva a invitar.',
  ])('%s claims nothing', (text) => {
    expect(unrecordedClaim(text, none)).toBeNull();
  });

  it("a sentence quoted from the turn's help-center passage is the article's, not a claim", () => {
    const passage = 'Once approved, we have refunded the charge to the original card.';
    expect(unrecordedClaim('We have refunded the charge to the original card.', none)).not.toBeNull();
    expect(unrecordedClaim('Here is what our help center says:\n\nOnce approved, we have refunded the charge to the original card.', { escalated: false, quoted: [passage] })).toBeNull();
  });

  it('no template the policy engine writes trips it, in any language', () => {
    const { templates } = loadPolicy('policy');
    const values = { first_name: 'Ben', ticket_id: 'TCK-1', sla_due: 'Thu 10:00', invoice_id: 'INV-1', team: 'billing', issue_noun: 'billing', promise: 'a refund of the duplicate charge', fields: 'invoice ID', source: 'https://help.example/a' };
    const fill = (t: string) => t.replace(/\{(\w+)\}/g, (_, k: string) => values[k as keyof typeof values] ?? k);
    const tripped: string[] = [];
    for (const [language, t] of Object.entries(templates)) {
      for (const [key, text] of Object.entries(t.ask)) if (unrecordedClaim(fill(text), none)) tripped.push(`${language}.ask.${key}`);
      for (const [key, text] of Object.entries(t.answer)) {
        // A follow-up's words (and the raised priority's) are said of a ticket already with a person.
        const escalated = key === 'escalated_followup' || key === 'priority_raised';
        if (unrecordedClaim(fill(text), { escalated, quoted: [] })) tripped.push(`${language}.answer.${key}`);
      }
      for (const [key, text] of Object.entries(t.escalate)) if (unrecordedClaim(fill(text), { escalated: true, quoted: [] })) tripped.push(`${language}.escalate.${key}`);
    }
    expect(Object.keys(templates)).toEqual(expect.arrayContaining(['en', 'de', 'fr', 'es', 'pt', 'nl']));
    expect(tripped).toEqual([]);
  });

  it('no line of a customer help-center article reads as a claim, even where a model repeats it unquoted', () => {
    const tripped: string[] = [];
    for (const section of readdirSync('knowledge', { withFileTypes: true })) {
      if (!section.isDirectory() || section.name === 'internal') continue;
      for (const file of readdirSync(join('knowledge', section.name)).filter((f) => f.endsWith('.md'))) {
        const body = readFileSync(join('knowledge', section.name, file), 'utf8').split(/^---$/m).slice(2).join('');
        for (const line of body.split('\n')) if (unrecordedClaim(line, none)) tripped.push(`${section.name}/${file}: ${line}`);
      }
    }
    expect(tripped).toEqual([]);
  });
});
