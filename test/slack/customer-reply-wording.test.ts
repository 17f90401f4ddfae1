// What a customer reads in their thread when a person takes the ticket, over Slack's real protocols: no
// internal id (the ticket id, which they have no use for: the product has no customer-facing reference), the
// team named as the language names it ("unser Abrechnungsteam", not "unser Team (Abrechnung)"), and the due
// time as a person says it, in the reply's language, with the zone's common name rather than an IANA id.
// Staff's handoff post keeps the ticket id and the trace id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askInSupport, startProAndEnterpriseHarness } from './ask-in-support.js';
import { users, type SlackHarness } from './harness.js';

let h: SlackHarness;
beforeAll(async () => {
  h = await startProAndEnterpriseHarness();
});
afterAll(async () => {
  await h?.close();
});

const internal = /tkt_|trace_|esc_|America\/|Europe\/|Etc\//;

describe('an escalation reply', () => {
  it("tells Ben (Pro, New York hours) who has it and when, without the ticket's id; the handoff keeps the id and trace", async () => {
    const { reply, ticket, escalation } = await askInSupport(h, users.ben, 'Our whole team cannot open any project since this morning, production is blocked.');
    expect(reply).toMatch(/^Thanks, Ben\. I've passed this to our engineering team\. You'll hear from them by Wednesday, November 25 at 5:00 PM EST\./);
    expect(reply).not.toMatch(internal);
    expect(reply).not.toContain(ticket.ticket_id);
    expect(escalation).toContain(ticket.ticket_id);
    expect(escalation).toContain(ticket.trace_id);
  });

  it("tells Elena (Enterprise, UTC) in German: the team as a German word, the time as Germans write it", async () => {
    const { reply, ticket, escalation } = await askInSupport(h, users.elena, 'Hallo, mir wurde diesen Monat mein Abonnement zweimal berechnet. Können Sie das bitte klären?');
    expect(reply).toMatch(/^Danke, Elena\. Ich habe das an unser Abrechnungsteam weitergegeben\. Sie hören bis Mittwoch, 25\. November um 14:00 UTC von uns\./);
    expect(reply).not.toMatch(/\(Abrechnung\)|Team \(/);
    expect(reply).not.toMatch(internal);
    expect(escalation).toContain(ticket.ticket_id);
  });

  it.each([
    ['fr', "Bonjour, notre espace de travail ne se charge plus depuis ce matin et toute l'équipe est bloquée.", "J'ai transmis votre demande à notre équipe technique.", 'mercredi 25 novembre à 17:00'],
    ['es', 'Hola, nuestro espacio de trabajo no carga desde esta mañana y todo el equipo está bloqueado.', 'He pasado esto a nuestro equipo de ingeniería.', 'miércoles, 25 de noviembre, 17:00'],
    ['nl', 'Hallo, onze werkruimte laadt sinds vanochtend niet meer en het hele team zit vast.', 'Ik heb dit doorgegeven aan ons technische team.', 'woensdag 25 november om 17:00 EST'],
  ])('in %s names the team and the due time in that language', async (_language, text, team, due) => {
    const { reply } = await askInSupport(h, users.ben, text);
    expect(reply).toContain(team);
    expect(reply).toContain(due);
    expect(reply).not.toMatch(/\(\p{L}+\)/u);
    expect(reply).not.toMatch(internal);
  });
});
