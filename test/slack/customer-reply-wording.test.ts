// What a customer reads in their thread when a person takes the ticket, over Slack's real protocols: no
// internal id (the ticket id, which they have no use for: the product has no customer-facing reference), the
// team named as the language names it ("unser Abrechnungsteam", not "unser Team (Abrechnung)"), and the due
// time as a person says it, in the reply's language, with the zone's common name rather than an IANA id: "today" or
// "tomorrow" when it falls on the customer's today or tomorrow in their zone (by the app's clock), else its weekday
// and date; the clock as the language writes it ("14:00 Uhr"). Staff's handoff post keeps the ticket id and the trace id.
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
    // Wed 25 Nov 10:00 UTC is 05:00 in New York; his eight business hours end at 17:00 there, the same day.
    expect(reply).toMatch(/^Thanks, Ben\. I've passed this to our engineering team\. You'll hear from them by today at 5:00 PM EST\./);
    expect(reply).not.toMatch(internal);
    expect(reply).not.toContain(ticket.ticket_id);
    expect(escalation).toContain(ticket.ticket_id);
    expect(escalation).toContain(ticket.trace_id);
  });

  it("tells Elena (Enterprise, UTC) in German: the team as a German word, the time as Germans write it", async () => {
    const { reply, ticket, escalation } = await askInSupport(h, users.elena, 'Hallo, mir wurde diesen Monat mein Abonnement zweimal berechnet. Können Sie das bitte klären?');
    expect(reply).toMatch(/^Danke, Elena\. Ich habe das an unser Abrechnungsteam weitergegeben\. Sie hören bis heute um 14:00 Uhr UTC von uns\./);
    expect(reply).not.toMatch(/\(Abrechnung\)|Team \(/);
    expect(reply).not.toMatch(internal);
    expect(escalation).toContain(ticket.ticket_id);
  });

  it.each([
    ['fr', "Bonjour, notre espace de travail ne se charge plus depuis ce matin et toute l'équipe est bloquée.", "J'ai transmis votre demande à notre équipe technique.", "Vous aurez une réponse au plus tard aujourd'hui à 17:00 heure de l’Est nord-américain."],
    ['es', 'Hola, nuestro espacio de trabajo no carga desde esta mañana y todo el equipo está bloqueado.', 'He pasado esto a nuestro equipo de ingeniería.', 'Tendrás noticias suyas a más tardar hoy a las 17:00'],
    ['nl', 'Hallo, onze werkruimte laadt sinds vanochtend niet meer en het hele team zit vast.', 'Ik heb dit doorgegeven aan ons technische team.', 'Je hoort uiterlijk vandaag om 17:00 uur EST van ze.'],
  ])('in %s names the team and the due time in that language', async (_language, text, team, due) => {
    const { reply } = await askInSupport(h, users.ben, text);
    expect(reply).toContain(team);
    expect(reply).toContain(due);
    expect(reply).not.toMatch(/\(\p{L}+\)/u);
    expect(reply).not.toMatch(internal);
  });
});

// The due time's day is the customer's, in their zone, by the app's clock: a harness of its own, whose clock the
// tests move on (Ben's Pro plan keeps New York business hours, 09:00-17:00 Mon-Fri, 480 business minutes).
describe('the day of the due time', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startProAndEnterpriseHarness();
  });
  afterAll(async () => {
    await h?.close();
  });
  const HOUR = 3_600_000;
  const outage = 'Our whole team cannot open any project, production is blocked.';

  it('late on Wednesday in New York, already Thursday in UTC, is "tomorrow" for Ben, not "today"', async () => {
    // 10:00 UTC + 17 h = Thu 26 Nov 03:00 UTC, Wed 22:00 in New York: the clock runs Thu 09:00-17:00 there.
    h.memdesk.clock.advance(17 * HOUR);
    const { reply } = await askInSupport(h, users.ben, outage);
    expect(reply).toContain("You'll hear from them by tomorrow at 5:00 PM EST.");
  });

  it('in German, "morgen um … Uhr"; and the Enterprise clock in UTC is still today there', async () => {
    const { reply } = await askInSupport(h, users.ben, 'Unser ganzes Team kann seit heute Morgen kein Projekt mehr öffnen, die Produktion steht.');
    expect(reply).toContain('Sie hören bis morgen um 17:00 Uhr Nordamerikanische Ostküstenzeit von uns.');
    // Elena, 240 minutes around the clock in UTC: 03:00 + 4 h is 07:00 the same UTC day.
    const { reply: elena } = await askInSupport(h, users.elena, 'Hallo, mir wurde diesen Monat mein Abonnement zweimal berechnet. Können Sie das bitte klären?');
    expect(elena).toContain('Sie hören bis heute um 7:00 Uhr UTC von uns.');
  });

  it('a due time after tomorrow names its weekday and date, in each language', async () => {
    // Thu 26 Nov 03:00 UTC + 40 h = Fri 27 Nov 19:00 UTC, 14:00 in New York: 3 business hours left on Friday,
    // 5 on Monday 30 November (09:00-14:00).
    h.memdesk.clock.advance(40 * HOUR);
    const { reply } = await askInSupport(h, users.ben, outage);
    expect(reply).toContain("You'll hear from them by Monday, November 30 at 2:00 PM EST.");
    const { reply: fr } = await askInSupport(h, users.ben, "Bonjour, notre espace de travail ne se charge plus depuis ce matin et toute l'équipe est bloquée.");
    expect(fr).toContain('Vous aurez une réponse au plus tard le lundi 30 novembre à 14:00 heure de l’Est nord-américain.');
    const { reply: es } = await askInSupport(h, users.ben, 'Hola, nuestro espacio de trabajo no carga desde esta mañana y todo el equipo está bloqueado.');
    expect(es).toContain('Tendrás noticias suyas a más tardar el lunes, 30 de noviembre, a las 14:00');
  });

  it('one o\'clock is "a la 1", "à 1" in Spanish and Portuguese, as the languages say it', async () => {
    // Fri 27 Nov 21:00 UTC: Elena's 240 minutes around the clock end at 01:00 UTC on Saturday, her tomorrow.
    h.memdesk.clock.advance(2 * HOUR);
    const { reply: es } = await askInSupport(h, users.elena, 'Hola, me cobraron dos veces la suscripción este mes. ¿Pueden revisarlo?');
    expect(es).toContain('Tendrás noticias suyas a más tardar mañana a la 1:00 UTC.');
    const { reply: pt } = await askInSupport(h, users.elena, 'Olá, fomos cobrados duas vezes pela assinatura este mês e precisamos do reembolso da cobrança duplicada.');
    expect(pt).toContain('Você terá uma resposta até amanhã à 1:00 UTC.');
  });
});
