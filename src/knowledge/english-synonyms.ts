// Customers' everyday words for what the help center names otherwise: "terminate my account" asks what
// *delete your account* answers, "a rebate" is a refund, a "passcode" is a password. Question side only
// (question-terms.ts), and only for an English question's word that no article holds, so an operator's help
// center that uses the customer's word matches it as written. Each entry names one help-center word; the
// word counts as a typo's correction does (a guess at the meaning, less sure than the word itself).
// Written from customer-support vocabulary by topic (refunds, passwords, closing, cancelling, people,
// subscriptions), not from eval questions; WordNet held none of these (eval/knowledge/README.md, branch wordnet).
import { termOf } from './analyzer.js';

const entries: Record<string, string> = {
  // money back
  reimburse: 'refund', reimbursed: 'refund', reimbursing: 'refund', restitution: 'refund', rebate: 'refund',
  rebates: 'refund', repayment: 'refund', repay: 'refund', repaid: 'refund', compensation: 'refund', compensate: 'refund',
  compensated: 'refund',
  // the secret one signs in with
  passcode: 'password', passcodes: 'password', passphrase: 'password', passwd: 'password', pwd: 'password',
  // closing for good
  terminate: 'delete', terminated: 'delete', termination: 'delete', terminations: 'delete', rid: 'remove',
  wipe: 'delete', wiped: 'delete',
  // stopping a subscription
  discontinue: 'cancel', discontinued: 'cancel', discontinuing: 'cancel', unsubscribed: 'cancel',
  membership: 'subscription',
  // people
  coworker: 'colleague', coworkers: 'colleague', workmate: 'colleague', workmates: 'colleague', staff: 'employee',
  staffer: 'employee',
};

const byTerm = new Map(Object.entries(entries).map(([word, target]) => [termOf(word), termOf(target)]));

/** The help-center term a customer's (unknown, English) term stands for, when the help center holds it. */
export function synonymOf(term: string, known: (term: string) => boolean): string | undefined {
  const target = byTerm.get(term);
  return target !== undefined && known(target) ? target : undefined;
}
