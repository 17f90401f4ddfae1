// What the page reads: the conversations as it draws them (threads folded under their parents,
// ephemeral notes, who is who), the ticket list, the memory panel and the Knowledge section from the
// running bot's memdesk, the Insights section's support report, and /healthz.
import type { Memdesk } from '../memdesk.js';
import type { BotSessions } from '../emulator/bot-session.js';
import type { Conversations, SlackChannel } from '../emulator/conversations.js';
import { pageRequestError } from './page-actions.js';
import { localBot, type People } from '../emulator/people.js';
import { memoryPanels, ticketViews } from './records-view.js';
import { knowledgeView } from './knowledge-view.js';
import { insightsView } from './insights-view.js';

export interface PageData {
  conversations(): unknown;
  tickets(): Promise<unknown>;
  memory(): Promise<unknown>;
  knowledge(): Promise<unknown>;
  /** The support report for the last `days` days (the Insights section). */
  insights(days: number): Promise<unknown>;
  health(): unknown;
}

export function pageData(deps: {
  conversations: Conversations;
  people: People;
  sessions: BotSessions;
  supportChannel: SlackChannel;
  /** Put in the composer when the page opens. */
  demoMessage: string;
}): PageData {
  const { conversations, people } = deps;
  const memdesk = (): Memdesk => {
    const session = deps.sessions.current();
    if (!session) throw pageRequestError(503, 'memdesk is restarting; try again in a moment.');
    return session.memdesk;
  };

  return {
    conversations: () => ({
      channels: conversations.channels().map((c) => ({
        ...c,
        messages: conversations.history(c.id).map((m) => ({ ...m, replies: m.reply_count ? conversations.replies(c.id, m.ts).slice(1) : [] })),
      })),
      ephemerals: conversations.ephemerals(),
      people: people.all().map(({ id, real_name, role }) => ({ id, real_name, role })),
      posters: people.posters().map(({ id, real_name, account_name, role }) => ({ id, real_name, role, ...(account_name ? { account_name } : {}) })),
      staff: people.staffActor()?.real_name ?? null,
      bot_user_id: localBot.userId,
      demo_message: deps.demoMessage,
    }),
    tickets() {
      // Who started each thread names a ticket's sender when the directory cannot.
      const threads = new Map(conversations.history(deps.supportChannel.id).map((m) => [m.ts, people.get(m.user)]));
      return ticketViews(memdesk(), { channel: deps.supportChannel.id, threads });
    },
    memory: () => memoryPanels(memdesk(), people),
    knowledge: () => knowledgeView(memdesk(), { channel: deps.supportChannel.id, threads: new Set(conversations.history(deps.supportChannel.id).map((m) => m.ts)) }),
    insights: (days) => insightsView(memdesk(), { days }),
    health() {
      const m = deps.sessions.current()?.memdesk;
      return m ? { ok: true, decider: m.decider, model: m.deciderModel, memory: m.memory.kind, memory_index: m.memory.indexState?.() ?? 'current', store: m.tickets.backend } : { ok: false };
    },
  };
}
