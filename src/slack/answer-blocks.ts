// An answer from the help center, as the customer sees it in their thread: the answer, the article's
// link, and "Was this helpful?" with Yes, solved / No, I need a person. After a press the buttons give
// way to what happened, so nobody sees a button for something already decided. Builders only.
import type { types } from '@slack/bolt';
import { escapeMrkdwn, mentionUser } from './markup.js';

type KnownBlock = types.KnownBlock;

export const answerFeedbackActionIds = {
  solved: 'memdesk_answer_solved',
  needsPerson: 'memdesk_answer_needs_person',
} as const;
const feedbackBlockId = 'memdesk_answer_feedback';
const sectionLimit = 2900;

/** The reply's text: the answer escaped as plain text, its source line kept as the mrkdwn link it is. */
export function answerText(customerResponse: string, sourceLine: string): string {
  if (!sourceLine || !customerResponse.endsWith(sourceLine)) return escapeMrkdwn(customerResponse);
  return `${escapeMrkdwn(customerResponse.slice(0, -sourceLine.length))}${sourceLine}`;
}

export function answerMessage(text: string, ticketId: string): { text: string; blocks: KnownBlock[] } {
  return {
    text,
    blocks: [
      ...chunks(text).map((part): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: part } })),
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Was this helpful?' }] },
      {
        type: 'actions',
        block_id: feedbackBlockId,
        elements: [
          { type: 'button', action_id: answerFeedbackActionIds.solved, value: ticketId, style: 'primary', text: { type: 'plain_text', text: 'Yes, solved' } },
          { type: 'button', action_id: answerFeedbackActionIds.needsPerson, value: ticketId, text: { type: 'plain_text', text: 'No, I need a person' } },
        ],
      },
    ],
  };
}

/** The answer after a press: its text kept, "Was this helpful?" and the buttons replaced by the outcome. */
export function answerFeedbackUpdate(current: readonly KnownBlock[], change: { helpful: boolean; actor: string }): { text: string; blocks: KnownBlock[] } {
  const kept = current.filter((b) => b.block_id !== feedbackBlockId && !(b.type === 'context' && JSON.stringify(b).includes('Was this helpful?')));
  const line = change.helpful
    ? `:white_check_mark: Marked solved by ${mentionUser(change.actor)}`
    : `:raising_hand: ${mentionUser(change.actor)} asked for a person; the support team has the ticket`;
  const text = kept.flatMap((b) => (b.type === 'section' && b.text ? [b.text.text] : [])).join('');
  return { text, blocks: [...kept, { type: 'context', block_id: feedbackBlockId, elements: [{ type: 'mrkdwn', text: line }] }] };
}

function chunks(text: string): string[] {
  const parts: string[] = [];
  for (let rest = text; rest.length; rest = rest.slice(sectionLimit)) parts.push(rest.slice(0, sectionLimit));
  return parts.length ? parts : [' '];
}
