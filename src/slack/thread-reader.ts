// A ticket's thread as Slack holds it (conversations.replies), translated for the core's ThreadReader:
// each message with who wrote it as support sees them (memdesk, someone on the team, anyone else) and
// when. What the core asks of it (did a person answer first? what waits after a hand back?) is its own.
import { webApi } from '@slack/bolt';
import type { ThreadMessage, ThreadReader } from '../core/ports.js';
import { toPlainText } from './markup.js';
import type { StaffMembers } from './staff-members.js';
import { SlackWebClient } from './web-api-client.js';

/** How long reads stay off after a 429 that named no Retry-After. */
const RATE_LIMIT_PAUSE_S = 30;

export function slackThreadReader(client: webApi.WebClient, staff: Pick<StaffMembers, 'isStaffSender'>): ThreadReader {
  return {
    async read(channelId, threadTs, opts = {}) {
      // `oldest` keeps a long thread's newest messages on the one page read.
      const page = await client.conversations.replies({ channel: channelId, ts: threadTs, limit: 200, ...(opts.after ? { oldest: opts.after } : {}) });
      const read = await Promise.all(
        (page.messages ?? []).map(async (m): Promise<ThreadMessage | undefined> => {
          if (!m.ts) return undefined;
          const user = m.user ?? null;
          // Slack Connect replies carry the sender's team; the Web API's types leave user_team out.
          const team = (m as { user_team?: string }).user_team ?? m.team;
          const from = m.bot_id ? 'bot' : user && (await staff.isStaffSender({ user, channel: channelId, ...(team ? { team } : {}) })) ? 'staff' : 'customer';
          return { ts: m.ts, at: slackTime(m.ts), user, from, text: toPlainText(m.text ?? '') };
        }),
      );
      return read.filter((m): m is ThreadMessage => m !== undefined);
    },
  };
}

/**
 * The reader a turn asks right before it posts. conversations.replies is a Tier 3 method (about 50 calls
 * a minute): a busy bot meets its limit. So this read has a client of its own that never waits out a 429
 * (the turns' client would hold every post behind it) and, for the Retry-After that follows, is not tried
 * at all: the check fails at once and the reply goes out, as when the thread cannot be read. It is the
 * lean client (web-api-client.ts), as the turns' own: this read is one more call per reply.
 */
export function checkingThreadReader(token: string | undefined, options: webApi.WebClientOptions, staff: Pick<StaffMembers, 'isStaffSender'>): ThreadReader {
  const reader = slackThreadReader(new SlackWebClient(token, { ...options, rejectRateLimitedCalls: true, retryConfig: { retries: 0 } }), staff);
  let pausedUntil = 0;
  return {
    async read(channelId, threadTs, opts) {
      if (Date.now() < pausedUntil) throw new Error('conversations.replies is rate limited; not read until its Retry-After has passed');
      try {
        return await reader.read(channelId, threadTs, opts);
      } catch (err) {
        const limited = err as { code?: string; retryAfter?: number };
        if (limited.code === webApi.ErrorCode.RateLimitedError) pausedUntil = Date.now() + (limited.retryAfter ?? RATE_LIMIT_PAUSE_S) * 1000;
        throw err;
      }
    },
  };
}

/** When a Slack message was written: its ts is seconds since the epoch, with microseconds after the dot. */
export function slackTime(ts: string): Date {
  const [seconds = '0', micro = '0'] = ts.split('.');
  return new Date(Number(seconds) * 1000 + Math.floor(Number(micro.padEnd(6, '0')) / 1000));
}
