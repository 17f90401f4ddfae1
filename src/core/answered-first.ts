// Did a person on the support team answer the customer before memdesk's reply goes out? Asked of the
// thread itself, right before posting: a reply another instance has not worked yet, or that no
// instance has received yet, is already there. The question is bounded: when the thread cannot be
// read in time, memdesk posts (a reply is never lost for a check) and the caller logs why.
import type { ThreadMessage, ThreadReader } from './ports.js';
import { withinBudget } from './within-budget.js';

/** How long a reply waits for the thread to be read before it goes out anyway. */
const THREAD_CHECK_MS = 2000;

export interface PersonAnswer {
  person: string;
  /** When they wrote it. */
  at: Date;
}

/** The first answer by a person on the team written after the customer's message `afterTs`, if any. */
export async function personAnsweredFirst(
  thread: ThreadReader,
  x: { channelId: string; threadTs: string; afterTs: string },
  timeoutMs = THREAD_CHECK_MS,
): Promise<PersonAnswer | undefined> {
  const messages = await withinBudget(thread.read(x.channelId, x.threadTs, { after: x.afterTs }), timeoutMs, 'reading the thread');
  const answer = messages.find((m): m is ThreadMessage & { user: string } => m.from === 'staff' && m.user !== null && laterTs(m.ts, x.afterTs));
  return answer ? { person: answer.user, at: answer.at } : undefined;
}

/** Whether message id `a` was written after `b` (Slack's "seconds.micro", compared without float rounding). */
function laterTs(a: string, b: string): boolean {
  const [as = '0', am = ''] = a.split('.');
  const [bs = '0', bm = ''] = b.split('.');
  const seconds = BigInt(as) - BigInt(bs);
  return seconds !== 0n ? seconds > 0n : Number(am.padEnd(6, '0')) > Number(bm.padEnd(6, '0'));
}
