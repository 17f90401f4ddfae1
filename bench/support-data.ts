// Synthetic support memories and ticket messages for the scale runs: the same seed gives the same
// data, so runs on one machine compare. Shaped like what memdesk writes back: facts about plans,
// billing incidents, logins, integrations, promises; ids and amounts make some words rare.
import { isoDay } from '../src/clock.js';
import { seededRandom } from '../src/seeded-random.js';

const firstNames = `Ben Ana Elena Fiona Omar Priya Kenji Lucia Marek Sofia Tariq Yuki Chloe Diego Hana Ivan Jonas Kira Leila Mateo Nadia
  Oscar Pavel Quinn Rosa Sami Tomas Uma Viktor Wen Ximena Yara Zane Amara Bruno Carla Dmitri Eitan Farah Gabe Helga Ines Jamal
  Katya Liam Mira Nils Olga Pia Rafael Sven Tala Ulrich Vera Willa Xavier Yusuf Zoe`.split(/\s+/);
const features = `dashboard reports exports webhooks API audit-log SSO billing-portal invoices workflows automations forms calendar
  inbox analytics search mobile-app offline-mode permissions roles teams projects tags templates notifications integrations
  import backups sandbox CSV-export scheduler approvals comments attachments`.split(/\s+/);
const integrations = 'Salesforce HubSpot Zendesk Jira Slack Stripe QuickBooks Xero Okta Azure-AD Google-Workspace Shopify Zapier Snowflake BigQuery Intercom'.split(' ');
const plans = ['Free', 'Pro', 'Business', 'Enterprise'];
const channels = ['email', 'Slack', 'phone', 'the help center', 'a shared channel'];
const roles = ['billing contact', 'admin', 'IT lead', 'finance manager', 'operations lead', 'developer', 'owner'];
const competitors = ['Acme Desk', 'Helpwise', 'Supportly', 'Ticketfox', 'Zenbase'];
const tasks = `export a report|add a teammate|change the invoice address|rotate an API key|set up SSO|merge two projects|restore a backup
  |archive old tickets|change the plan|download receipts|configure webhooks|set user roles|connect the calendar`.split('|').map((t) => t.trim());
const issueDetails: Record<string, string[]> = {
  billing: ['charged twice for the subscription', 'an invoice showed the wrong amount', 'the card was declined at renewal', 'a refund had not arrived', 'taxes were added twice'],
  outage: ['the dashboard returned 500 errors', 'webhooks stopped firing for two hours', 'the mobile app crashed on launch', 'exports timed out', 'search was down in the EU region'],
  access: ['SSO login looped back to the sign-in page', 'the account was locked after password resets', '2FA codes were rejected', 'a new admin could not access billing'],
  'how-to': ['how to bulk import contacts', 'how to schedule a report', 'how to set up approvals', 'how to use the API pagination'],
};
const resolutions = ['Refunded the duplicate charge.', 'Engineering fixed it the same day.', 'Escalated to tier 2; resolved in 6 hours.', 'Shared the help article; the customer confirmed it worked.', 'Applied a manual credit.', 'Still open with engineering.', 'Workaround given; fix planned for the next release.'];
const promises = ['manual credit of $49 on the next invoice', 'callback from engineering', 'fix in the next release', 'discount at renewal', 'dedicated onboarding session'];

export function createSupportData(seed: number) {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const day = (t: number) => isoDay(new Date(t));

  function memoryText(name: string, at: number): string {
    const date = day(at - int(0, 30) * 86_400_000);
    const issue = pick(Object.keys(issueDetails));
    switch (int(0, 15)) {
      case 0:
      case 1:
        return `On ${date} ${name} reported a ${issue} issue: ${pick(issueDetails[issue]!)}. ${pick(resolutions)}`;
      case 2:
        return `${name} prefers ${pick(channels)} for updates and usually answers within ${int(1, 48)} hours.`;
      case 3:
        return `${name} asked how to ${pick(tasks)}; we sent the ${pick(features)} guide.`;
      case 4:
        return `${name} was charged $${int(9, 999)}.${int(10, 99)} twice on invoice INV-${int(2024, 2026)}-${String(int(1, 9999)).padStart(4, '0')}; refunded on ${date}.`;
      case 5:
        return `${name} could not log in through ${pick(integrations)} SSO on ${date}; resetting 2FA fixed it.`;
      case 6:
        return `${name} requested a feature: ${pick(features)} support for ${pick(integrations)}.`;
      case 7:
        return `${name}'s ${pick(integrations)} integration failed with error E${int(100, 999)} after the ${int(3, 9)}.${int(0, 20)} release.`;
      case 8:
        return `${name} is the ${pick(roles)} for the account.`;
      case 9:
        return `Support promised ${name} a ${pick(promises)} by ${date}.`;
      case 10:
        return `${name} mentioned evaluating ${pick(competitors)} before the contract renewal on ${date}.`;
      case 11:
        return `${name} reported slow ${pick(features)} (${int(2, 40)} minutes for ${int(1, 900)}k rows) on ${date}.`;
      case 12:
        return `${name} moved from the ${pick(plans)} plan to the ${pick(plans)} plan on ${date}.`;
      case 13:
        return `${name} uses ${pick(features)} and ${pick(features)} daily with a team of ${int(2, 400)} people.`;
      case 14:
        return `${name} escalated ticket T-${int(1000, 99999)} because the ${int(1, 72)}-hour SLA was missed.`;
      default:
        return `${name} gave feedback that ${pick(features)} is ${pick(['confusing', 'fast', 'slow', 'great', 'missing filters', 'hard to find'])}.`;
    }
  }

  return {
    /**
     * `count` memories for the given scopes, as tickets write them: 1–3 memories at one instant,
     * instants moving forward from `start` (ms).
     */
    memories<S>(scopes: readonly S[], count: number, start: number): { scope: S; text: string; created_at: string }[] {
      const out: { scope: S; text: string; created_at: string }[] = [];
      let t = start;
      while (out.length < count) {
        const scope = pick(scopes);
        const name = pick(firstNames);
        t += int(1, 20) * 60_000;
        const at = new Date(t).toISOString();
        for (let k = int(1, 3); k > 0 && out.length < count; k--) out.push({ scope, text: memoryText(name, t), created_at: at });
      }
      return out;
    },
    /** A new ticket's message. */
    ticketMessage(): string {
      return pick([
        () => `Hi, I was charged twice on invoice INV-2026-${String(int(1, 9999)).padStart(4, '0')}, can I get a refund?`,
        () => `Our ${pick(integrations)} SSO login is broken again, nobody can sign in.`,
        () => `The ${pick(features)} export is really slow today, is something down?`,
        () => `How do I ${pick(tasks)}?`,
        () => `We are thinking about cancelling before the renewal, the ${pick(features)} keeps failing.`,
        () => `Getting error E${int(100, 999)} from the ${pick(integrations)} integration since the last release.`,
        () => `Who is our account manager? We want to discuss the ${pick(plans)} plan.`,
        () => `Could you add ${pick(features)} support for ${pick(integrations)}?`,
        () => `You promised a credit last month and it is not on my invoice.`,
      ])();
    },
    pick,
  };
}
