// A ticket's thread as Slack holds it (conversations.replies), translated for the core's ThreadReader:
// each message with who wrote it as support sees them (memdesk, someone on the team, anyone else) and
// when. What the core asks of it (did a person answer first? what waits after a hand back?) is its own.
import type { webApi } from '@slack/bolt';
import type { ThreadMessage, ThreadReader } from '../core/ports.js';
import { toPlainText } from './markup.js';
import type { StaffMembers } from './staff-members.js';

export function slackThreadReader(client: webApi.WebClient, staff: Pick<StaffMembers, 'isStaffSender'>): ThreadReader {
  return {
    async read(channelId, threadTs, opts = {}) {
      // `oldest` keeps a long thread's newest messages on the one page read.
      const page = await client.conversations.replies({ channel: channelId, ts: threadTs, limit: 200, ...(opts.after ? { oldest: opts.after } : {}) });
      return (page.messages ?? []).flatMap((m): ThreadMessage[] => {
        if (!m.ts) return [];
        const user = m.user ?? null;
        // Slack Connect replies carry the sender's team; the Web API's types leave user_team out.
        const team = (m as { user_team?: string }).user_team ?? m.team;
        const from = m.bot_id ? 'bot' : user && staff.isStaffSender({ user, channel: channelId, ...(team ? { team } : {}) }) ? 'staff' : 'customer';
        return [{ ts: m.ts, at: slackTime(m.ts), user, from, text: toPlainText(m.text ?? '') }];
      });
    },
  };
}

/** When a Slack message was written: its ts is seconds since the epoch, with microseconds after the dot. */
export function slackTime(ts: string): Date {
  const [seconds = '0', micro = '0'] = ts.split('.');
  return new Date(Number(seconds) * 1000 + Math.floor(Number(micro.padEnd(6, '0')) / 1000));
}
