// A reproducible support workspace for load and chaos runs: N customers over N/4 accounts on the
// three plans, with seed memories that make some tickets escalate and notify a CSM, and a stream of
// messages: mostly real customers' words (eval/real/messages.jsonl, in this repository: banking,
// product feedback, bug reports, a German PC forum, requests for a person; 7 to 1,200 characters),
// the rest fixed messages for what that set lacks (invoice ids, greetings, the help center's product).
// Everything derives from one seed.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadRealSet } from '../src/eval/real-set.js';

/** Written here: billing with invoice ids, outages, a how-to the help center covers, a greeting, other languages. */
const fixedMessages = [
  'Hi, I was charged twice for my subscription this month. Can you sort this out?',
  'Our dashboard is down, every page returns a 500 error.',
  'How do I export my reports to CSV?',
  'I cannot log in, the password reset link never arrives.',
  'Please cancel our subscription at the end of the month.',
  'It would be great if you could add dark mode.',
  'The invoice INV-2026-0042 shows the wrong amount.',
  'Sync has been failing since this morning, nothing updates.',
  'Hi there!',
  'Bonjour, la facture INV-2026-0107 nous a été débitée deux fois ce mois-ci.',
  'Wie exportiere ich alle Daten unseres Workspaces?',
];
/** The share of the stream drawn from the real messages (each row as likely as another). */
export const REAL_MESSAGE_SHARE = 0.75;

/**
 * One message per call of `random` (one draw each, so a caller's later draws are those of any other
 * stream of one draw per message): below REAL_MESSAGE_SHARE a real customer's message, otherwise a fixed one.
 */
export function messageStream(realTexts: readonly string[]): (random: () => number) => string {
  return (random) => {
    const u = random();
    if (u < REAL_MESSAGE_SHARE) return realTexts[Math.floor((u / REAL_MESSAGE_SHARE) * realTexts.length)]!;
    return fixedMessages[Math.min(fixedMessages.length - 1, Math.floor(((u - REAL_MESSAGE_SHARE) / (1 - REAL_MESSAGE_SHARE)) * fixedMessages.length))]!;
  };
}

export interface SyntheticWorkspace {
  directoryFile: string;
  seedFile: string;
  customers: { id: string; slackUserId: string }[];
  message(random: () => number): string;
}

export function writeSyntheticWorkspace(dir: string, customerCount: number): SyntheticWorkspace {
  const accounts = Array.from({ length: Math.max(1, Math.ceil(customerCount / 4)) }, (_, i) => ({ id: `acct_${i}`, name: `Account ${i}` }));
  const customers = Array.from({ length: customerCount }, (_, i) => ({
    id: `cust_${i}`,
    name: `Customer ${i}`,
    account_id: accounts[i % accounts.length]!.id,
    slack_user_ids: [`U${String(i).padStart(6, '0')}`],
  }));
  const plans = ['Free', 'Pro', 'Enterprise'];
  const memories = accounts.flatMap((a, i) => {
    const plan = plans[i % 3]!;
    const facts = [{ scope: 'account', id: a.id, text: `${a.name} is on the ${plan} plan${plan === 'Enterprise' ? ' with a contractual 4-hour SLA' : ''}.` }];
    if (plan === 'Enterprise') {
      facts.push({ scope: 'account', id: a.id, text: `${a.name}'s customer success manager (CSM) is Dana Lee.` });
      facts.push({ scope: 'account', id: a.id, text: `${a.name}'s annual contract renews on 2026-12-15.` });
    }
    return facts;
  });
  // Every fifth customer has a billing history and an open promise: urgent escalations.
  for (const c of customers.filter((_, i) => i % 5 === 1)) {
    memories.push({ scope: 'customer', id: c.id, text: `On 2026-04-12 ${c.name} reported a billing issue: charged twice.` });
    memories.push({ scope: 'customer', id: c.id, text: `On 2026-05-20 ${c.name} reported another billing issue. Support promised a manual credit of $49.` });
  }
  const directoryFile = join(dir, 'directory.yml');
  const seedFile = join(dir, 'seed.yml');
  writeFileSync(directoryFile, stringify({ accounts, customers, staff: [{ name: 'Dana Lee', slack_user_id: 'U0DANA', roles: ['csm', 'support'] }] }));
  writeFileSync(seedFile, stringify({ memories }));
  return {
    directoryFile,
    seedFile,
    customers: customers.map((c) => ({ id: c.id, slackUserId: c.slack_user_ids[0]! })),
    message: messageStream(loadRealSet().map((m) => m.text)),
  };
}

export const SUPPORT_CHANNEL = 'C0SUPPORT';
export const ESCALATION_CHANNEL = 'C0ESCALATE';

/**
 * What every bench bot process runs on, whatever decides and remembers for it: the workspace's
 * directory and policy, the local Slack API, the pinned clock, and intake off — each message stands
 * for an independent ticket, so intake neither joins nor holds them and a run measures tickets, not
 * the quiet period.
 */
export function benchBotEnv(o: { dir: string; namespace: string; workspace: SyntheticWorkspace; apiUrl: string; secret: string; logLevel: string }): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    MEMDESK_DATA_DIR: join(o.dir, 'data'),
    MEMDESK_NOW: '2026-11-25T10:00:00Z',
    MEMDESK_NAMESPACE: o.namespace,
    DIRECTORY_FILE: o.workspace.directoryFile,
    POLICY_DIR: 'policy',
    SLACK_BOT_TOKEN: `xoxb-${o.namespace}`,
    SLACK_SIGNING_SECRET: o.secret,
    SLACK_API_URL: o.apiUrl,
    SUPPORT_CHANNEL_IDS: SUPPORT_CHANNEL,
    ESCALATION_CHANNEL_ID: ESCALATION_CHANNEL,
    INTAKE_WINDOW: '0',
    INTAKE_QUIET_MS: '0',
    LOG_LEVEL: o.logLevel,
  };
}
