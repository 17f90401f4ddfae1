// What the demo history is made of, before anything is written: which accounts (the three demo
// accounts and a dozen more, on the three plans), when their people write (weekdays busier than
// weekends, each account in its own working hours, two incident days), what they write, and how the
// people around each ticket will behave (how soon staff pick it up and resolve it, whether the
// customer marks an answer helpful). Everything is drawn from one seed, so the same seed and the same
// days give the same script. src/demo-history/write-history.ts plays it through the use cases.
import { DAY_MS } from '../clock.js';
import { seededRandom } from '../seeded-random.js';

type Plan = 'free' | 'pro' | 'enterprise';

interface HistoryAccount {
  id: string;
  /** The account memory that tells memdesk the plan (as staff would seed it). */
  planFact: string;
  plan: Plan;
  customers: string[];
  /** Tickets on an ordinary weekday. */
  perWeekday: number;
  /** The UTC hour its working day starts (people write over the next nine hours, most around midday). */
  dayStartsUtc: number;
}

const account = (id: string, plan: Plan, planFact: string, customers: string[], perWeekday: number, dayStartsUtc: number): HistoryAccount => ({ id, plan, planFact, customers, perWeekday, dayStartsUtc });

// The demo accounts' plan facts are the demo seed's own words, so seeding both stores each fact once.
export const historyAccounts: readonly HistoryAccount[] = [
  account('acct_fiona_studio', 'free', 'Fiona Studio is on the Free plan.', ['cust_fiona'], 0.3, 8),
  account('acct_northwind', 'pro', 'Northwind Traders is on the Pro plan.', ['cust_ben', 'cust_ava'], 0.9, 13),
  account('acct_globex', 'enterprise', 'Globex Corporation is on the Enterprise plan with a contractual 4-hour response SLA.', ['cust_elena'], 0.8, 13),
  account('acct_brightwave', 'pro', 'Brightwave Media is on the Pro plan.', ['cust_priya', 'cust_joanna'], 0.7, 14),
  account('acct_umbrella', 'enterprise', 'Umbrella Health is on the Enterprise plan.', ['cust_alice'], 0.6, 7),
  account('acct_kestrel', 'enterprise', 'Kestrel Games is on the Enterprise plan.', ['cust_omar', 'cust_denise'], 0.8, 16),
  account('acct_pied_piper', 'free', 'Pied Piper is on the Free plan.', ['cust_richard'], 0.4, 16),
  account('acct_soylent', 'pro', 'Soylent Foods is on the Pro plan.', ['cust_sol'], 0.3, 8),
  account('acct_wonka', 'pro', 'Wonka Confections is on the Pro plan.', ['cust_charlie'], 0.25, 7),
  account('acct_stark', 'enterprise', 'Stark Logistics is on the Enterprise plan.', ['cust_pepper', 'cust_happy'], 0.5, 13),
  account('acct_acme_labs', 'free', 'Acme Labs is on the Free plan.', ['cust_wile'], 0.35, 15),
  account('acct_tyrell', 'pro', 'Tyrell Robotics is on the Pro plan.', ['cust_rachael'], 0.3, 16),
  account('acct_cyberdyne', 'pro', 'Cyberdyne Analytics is on the Pro plan.', ['cust_miles'], 0.35, 14),
  account('acct_oceanic', 'free', 'Oceanic Travel is on the Free plan.', ['cust_kate'], 0.2, 9),
  account('acct_bluth', 'pro', 'Bluth Homes is on the Pro plan.', ['cust_michael'], 0.25, 15),
];

/** Weekday volume relative to an ordinary weekday, Sunday first (getUTCDay order). */
const dayFactor = [0.15, 1.25, 1.1, 1, 1, 0.8, 0.2];

/** What people write, by the kind of question; `{inv}` and `{n}` are filled per ticket. */
const messages: Record<string, { weight: number; texts: string[]; followUp?: string }> = {
  // Questions the help center answers.
  how_to: {
    weight: 30,
    texts: [
      'How do I export my data to CSV?',
      'How do I add a teammate to our workspace?',
      'How do I download last month’s invoice?',
      'How do I set up a webhook for new tasks?',
      'How do I reset two-factor authentication on my account?',
      'How do I create an API key for our integration?',
      'How do I connect the Zapier integration?',
      'How do I change our plan to add more seats?',
      'How do I import contacts from a CSV file?',
      'How do I turn off the daily email notifications?',
      'How do I set up SAML single sign-on for our team?',
      'How do I change the email address I log in with?',
    ],
  },
  // How-tos no article covers: staff answer them and they become knowledge gaps.
  how_to_uncovered: {
    weight: 7,
    texts: [
      'How do I set up a custom domain for our customer portal?',
      'How do I print a task board as a poster for the office?',
      'How do I change the colour theme of the mobile app?',
      'How do I merge two workspaces into one?',
    ],
  },
  billing: {
    weight: 16,
    texts: [
      'Hi, I was charged twice on invoice {inv}. Can you refund the duplicate?',
      'Invoice {inv} shows the wrong amount, we were billed for 40 seats instead of 25.',
      'Our card was declined at renewal and invoice {inv} is now overdue, can you help?',
      'Hi, I was charged twice for my subscription this month. Can you sort this out?',
      'We were billed for the annual plan but we are on monthly. Please fix the charge.',
    ],
    followUp: 'It is invoice {inv}.',
  },
  access: {
    weight: 12,
    texts: [
      'I cannot log in, the two-factor codes are rejected every time.',
      'Our account got locked after a few password resets, nobody can sign in.',
      'SSO login keeps looping back to the sign-in page for our whole team.',
      'A new admin cannot access the billing settings.',
    ],
  },
  outage: {
    weight: 6,
    texts: [
      'Our dashboard is down, every page returns a 500 error.',
      'Webhooks stopped firing an hour ago, nothing reaches our endpoint.',
      'The app is not loading for anyone on our team since this morning.',
      'Exports time out and the API returns 503 errors.',
    ],
  },
  feature_request: {
    weight: 8,
    texts: [
      'Could you add a dark mode to the web app? Our team would love it.',
      'Feature request: please let us filter reports by custom field.',
      'It would be great if the calendar view supported recurring tasks.',
    ],
  },
  security: {
    weight: 3,
    texts: [
      'We think someone got access to our account, there are logins from a country we do not work in.',
      'One of our API keys was pushed to a public GitHub repository by mistake.',
    ],
  },
  cancellation: {
    weight: 3,
    texts: ['We are thinking about cancelling before the renewal, the exports keep failing.', 'Please cancel our subscription at the end of this billing period.'],
  },
};

/** On an incident day many accounts report the same outage within a couple of hours. */
const incidentMessages = messages.outage!.texts;

/** How one ticket will go: its first message and the people's later moves, drawn up front. */
export interface ScriptedTicket {
  /** Names the ticket (its id is `tkt_<key>`): the same script writes the same ids. */
  key: string;
  at: number;
  account_id: string;
  plan: Plan;
  customer_id: string;
  message: string;
  /** What the customer answers when memdesk asks for something (an invoice id). */
  followUp: string;
  /** Minutes until the customer answers a question back. */
  followUpAfterMin: number;
  /** Minutes until staff pick up an escalation, and then until they resolve it. */
  pickUpAfterMin: number;
  resolveAfterMin: number;
  /** The customer's mark on a help-center answer. */
  feedback: 'helpful' | 'not_helpful' | 'none';
  feedbackAfterMin: number;
  /** Minutes until staff close an answer the customer never came back to. */
  closeAfterMin: number;
  staff: string;
  resolutionNote: string;
}

const staffIds = ['U0DANA', 'U0SAM'];
const resolutionNotes: Record<string, string[]> = {
  how_to: ['Walked the customer through the settings page; they confirmed it works.', 'Sent step-by-step instructions; the customer is set up.'],
  how_to_uncovered: ['Explained the workaround: this needs a setting only support can change; we changed it for them.', 'Not supported in the product yet; gave the manual steps and logged the request.'],
  billing: ['Refunded the duplicate charge.', 'Issued a corrected invoice and credited the difference.', 'Retried the payment with the new card; the invoice is paid.'],
  access: ['Reset two-factor authentication after verifying the owner.', 'Unlocked the account and sent a fresh sign-in link.', 'Fixed the SSO certificate mismatch with their IT lead.'],
  outage: ['Engineering fixed the incident; service restored.', 'Root cause was a failed deploy; rolled back and confirmed with the customer.'],
  feature_request: ['Logged the request with product and shared the roadmap item.'],
  security: ['Revoked the exposed credentials, rotated keys and reviewed the audit log with the customer.'],
  cancellation: ['Talked it through with the account owner; they stay on a discounted renewal.', 'Cancelled at the end of the period as asked.'],
};

/** Two weekday afternoons (12:00–18:00 UTC) when the model was down, about two and four fifths of the way in. */
export function modelOutages(days: number, endDay: number): { from: number; to: number }[] {
  const start = endDay - days * DAY_MS;
  return [Math.floor((2 * days) / 5), Math.floor((4 * days) / 5)].map((d) => {
    let day = start + d * DAY_MS;
    while ([0, 6].includes(new Date(day).getUTCDay())) day += DAY_MS;
    return { from: day + 12 * 3_600_000, to: day + 18 * 3_600_000 };
  });
}

/**
 * The script for `days` whole UTC days ending before `endDay` (a UTC midnight, ms). The same seed,
 * days and end give the same tickets, in time order.
 */
export function historyScript(seed: number, days: number, endDay: number): ScriptedTicket[] {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const weighted = <K extends string>(weights: Record<K, number>): K => {
    const entries = Object.entries(weights) as [K, number][];
    let roll = rnd() * entries.reduce((sum, [, w]) => sum + w, 0);
    for (const [k, w] of entries) if ((roll -= w) < 0) return k;
    return entries[entries.length - 1]![0];
  };
  const between = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const typeWeights = Object.fromEntries(Object.entries(messages).map(([k, v]) => [k, v.weight])) as Record<string, number>;
  // Two incident days, a third and two thirds of the way in.
  const incidentDays = new Set([Math.floor(days / 3), Math.floor((2 * days) / 3)]);
  const start = endDay - days * DAY_MS;
  const out: ScriptedTicket[] = [];

  for (let d = 0; d < days; d++) {
    const dayStart = start + d * DAY_MS;
    const factor = dayFactor[new Date(dayStart).getUTCDay()]!;
    for (const acct of historyAccounts) {
      // Volume grows a little over the period, as a customer base does.
      const expected = acct.perWeekday * factor * (0.85 + (0.3 * d) / days);
      let count = Math.floor(expected) + (rnd() < expected % 1 ? 1 : 0);
      const incident = incidentDays.has(d) && acct.plan !== 'free' && rnd() < 0.7;
      if (incident) count++;
      for (let i = 0; i < count; i++) {
        const isIncident = incident && i === count - 1;
        const kind = isIncident ? 'outage' : weighted(typeWeights);
        // Most messages arrive around the middle of the account's working day.
        const hour = isIncident ? 15 + between(0, 1) : acct.dayStartsUtc + Math.min(8, Math.floor((rnd() + rnd() + rnd()) * 3));
        const at = dayStart + hour * 3_600_000 + between(0, 59) * 60_000 + between(0, 59) * 1_000;
        const inv = `INV-2026-${String(between(1, 9999)).padStart(4, '0')}`;
        const fill = (text: string) => text.replaceAll('{inv}', inv);
        const text = isIncident ? pick(incidentMessages) : pick(messages[kind]!.texts);
        // Some billing questions leave out the invoice: memdesk asks for it, and the follow-up names it.
        const message = fill(text);
        // Most escalations are picked up within the hour and resolved the same day; slow ones wait for
        // the next shift or for engineering; a few take over a week (a Pro resolution breach).
        const slow = rnd();
        const [pickUp, resolve] = slow < 0.65 ? [[5, 60], [30, 360]] : slow < 0.9 ? [[30, 300], [360, 1_200]] : slow < 0.96 ? [[120, 900], [1_500, 6_000]] : [[300, 1_500], [10_000, 14_000]];
        out.push({
          key: `hist_${new Date(dayStart).toISOString().slice(0, 10).replaceAll('-', '')}_${acct.id.slice(5)}_${i}`,
          at,
          account_id: acct.id,
          plan: acct.plan,
          customer_id: pick(acct.customers),
          message,
          followUp: fill(messages[kind]!.followUp ?? 'Here are the details you asked for.'),
          followUpAfterMin: between(5, 180),
          pickUpAfterMin: between(pickUp![0]!, pickUp![1]!),
          resolveAfterMin: between(resolve![0]!, resolve![1]!),
          closeAfterMin: between(120, 1_200),
          feedback: weighted({ helpful: 62, not_helpful: 18, none: 20 }),
          feedbackAfterMin: between(2, 240),
          staff: pick(staffIds),
          resolutionNote: pick(resolutionNotes[kind]!),
        });
      }
    }
  }
  return out.sort((a, b) => a.at - b.at || (a.key < b.key ? -1 : 1));
}
