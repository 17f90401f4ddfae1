// What a person on the page can do, each turned into what Slack would do: post a message as a
// customer or as staff (the bot hears it through the Events API), react to a message (a staff 🎫
// makes it a ticket), run `/seed-memory demo` as staff (a signed
// slash command), press a button on the bot's message as staff (a signed block_actions payload),
// open the app's Home tab as someone (app_home_opened; the view the bot publishes comes back),
// and Reset (empty channels, a fresh bot session).
import type { Conversations, SlackChannel, SlackMessage } from '../emulator/conversations.js';
import type { EventDelivery } from '../emulator/event-delivery.js';
import type { BotSession } from '../emulator/bot-session.js';
import type { HomeViews, PublishedHome } from '../emulator/home-views.js';
import { appHomeOpenedEvent, blockActionsPayload, reactionAddedEvent, slashCommandForm, type AppInstall } from '../emulator/payloads.js';
import type { People } from '../emulator/people.js';
import type { ResponseUrls } from '../emulator/response-urls.js';
import type { Memdesk } from '../memdesk.js';
import { MemdeskError } from '../errors.js';

export interface PageActions {
  post(input: { user: string; text: string; threadTs?: string }): SlackMessage;
  react(input: { user: string; channel: string; ts: string; name: string }): Promise<void>;
  seedMemory(): Promise<void>;
  /** Presses as staff, or as `user` (someone on the Post as picker: a customer answering "Was this helpful?"). */
  pressButton(input: { channel: string; ts: string; actionId: string; value?: string; user?: string }): Promise<void>;
  /** Accepts a knowledge gap's draft article as staff: it is written into KNOWLEDGE_DIR and indexed. */
  acceptGap(input: { gapId: string }): Promise<{ article_id: string }>;
  reset(): Promise<void>;
  /** Opens the app's Home tab as `user`: the bot hears app_home_opened and publishes the view shown. */
  openHome(input: { user: string }): Promise<PublishedHome | null>;
  /** The clock control: moves the bot's clock on, then lets the bot post the SLA alerts now due. */
  advanceClock(minutes: number): Promise<{ now: string; alerts_queued: number }>;
}

const maxMessageChars = 4_000;
/** A week: enough to walk any ticket past its resolution time. */
const maxAdvanceMinutes = 7 * 24 * 60;

export function pageActions(deps: {
  install: AppInstall;
  conversations: Conversations;
  people: People;
  responseUrls: ResponseUrls;
  delivery: EventDelivery;
  supportChannel: SlackChannel;
  homeViews: HomeViews;
  /** Empties the workspace and restarts the bot. */
  reset: () => Promise<void>;
  session: () => BotSession | undefined;
  /** The running bot's memdesk (undefined while it restarts). */
  memdesk: () => Memdesk | undefined;
}): PageActions {
  const staff = () => {
    const actor = deps.people.staffActor();
    if (!actor) throw pageRequestError(409, 'The directory lists no staff, so nobody can run staff commands.');
    return { id: actor.id, name: actor.name };
  };

  return {
    post({ user, text, threadTs }) {
      if (!deps.people.posters().some((p) => p.id === user)) throw pageRequestError(400, `${user} is not someone the page can post as.`);
      const trimmed = text.trim();
      if (!trimmed) throw pageRequestError(400, 'Write a message first.');
      if (trimmed.length > maxMessageChars) throw pageRequestError(400, `Messages are limited to ${maxMessageChars} characters.`);
      const channel = deps.supportChannel.id;
      if (threadTs) {
        const parent = deps.conversations.message(channel, threadTs);
        if (!parent || (parent.thread_ts && parent.thread_ts !== parent.ts)) throw pageRequestError(404, 'That thread is not in #support any more.');
      }
      return deps.conversations.post(channel, {
        user,
        text: slackEscape(trimmed),
        ...(threadTs ? { thread_ts: threadTs } : {}),
      });
    },

    async react({ user, channel: channelId, ts, name }) {
      if (!deps.people.posters().some((p) => p.id === user)) throw pageRequestError(400, `${user} is not someone the page can react as.`);
      if (!/^[a-z0-9_+-]+$/.test(name)) throw pageRequestError(400, 'That is not an emoji name.');
      const channel = deps.conversations.channels().find((c) => c.id === channelId);
      const message = channel ? deps.conversations.message(channel.id, ts) : undefined;
      if (!channel || !message) throw pageRequestError(404, 'That message is not in the workspace any more.');
      deps.conversations.react(channel.id, ts, name, user);
      await deliverOrExplain(deps.delivery, { json: reactionAddedEvent(deps.install, channel, message, { name, user }) }, `the :${name}: reaction`);
    },

    async seedMemory() {
      const user = staff();
      const channel = deps.supportChannel;
      const form = slashCommandForm(deps.install, {
        command: '/seed-memory',
        text: 'demo',
        user,
        channel,
        responseUrl: deps.responseUrls.issue({ channel: channel.id, user: user.id }),
      });
      await deliverOrExplain(deps.delivery, { form }, 'the /seed-memory command');
    },

    async pressButton({ channel: channelId, ts, actionId, value, user: asUser }) {
      const poster = asUser ? deps.people.posters().find((p) => p.id === asUser) : undefined;
      if (asUser && !poster) throw pageRequestError(400, `${asUser} is not someone the page can press buttons as.`);
      const user = poster ? { id: poster.id, name: poster.name } : staff();
      const channel = deps.conversations.channels().find((c) => c.id === channelId);
      const message = channel ? deps.conversations.message(channel.id, ts) : undefined;
      if (!channel || !message) throw pageRequestError(404, 'That message is not in the workspace any more.');
      const button = findButton(message, actionId, value);
      if (!button) throw pageRequestError(409, 'That button is no longer on the message.');
      const payload = blockActionsPayload(deps.install, {
        user,
        channel,
        message,
        action: button,
        responseUrl: deps.responseUrls.issue({ channel: channel.id, user: user.id, messageTs: ts }),
      });
      await deliverOrExplain(deps.delivery, { interaction: payload }, `the ${button.text} button`);
    },

    async acceptGap({ gapId }) {
      const memdesk = deps.memdesk();
      if (!memdesk) throw pageRequestError(503, 'memdesk is restarting; try again in a moment.');
      if (!gapId) throw pageRequestError(400, 'Name the gap to accept.');
      const accepted = await memdesk.acceptKnowledgeGap(gapId, { actor: staff().id });
      return { article_id: accepted.article_id };
    },

    reset: () => deps.reset(),

    async openHome({ user }) {
      if (!deps.people.posters().some((p) => p.id === user)) throw pageRequestError(400, `${user} is not someone the page can open the Home tab as.`);
      await deliverOrExplain(deps.delivery, { json: appHomeOpenedEvent(deps.install, user) }, 'the Home tab');
      return deps.homeViews.get(user) ?? null;
    },

    async advanceClock(minutes) {
      if (!Number.isInteger(minutes) || minutes < 1 || minutes > maxAdvanceMinutes) {
        throw pageRequestError(400, `Move the clock on by 1 to ${maxAdvanceMinutes} minutes.`);
      }
      const session = deps.session();
      if (!session) throw pageRequestError(503, 'memdesk is restarting; try again in a moment.');
      session.memdesk.clock.advance(minutes * 60_000);
      const alerts_queued = await session.scanSlaClocks();
      return { now: session.memdesk.clock.now().toISOString(), alerts_queued };
    },
  };
}

async function deliverOrExplain(delivery: EventDelivery, body: Parameters<EventDelivery['deliver']>[0], what: string): Promise<void> {
  let status: number;
  try {
    status = await delivery.deliver(body, what);
  } catch {
    throw pageRequestError(502, `memdesk did not answer ${what}; see the terminal for its log.`);
  }
  if (status !== 200) throw pageRequestError(502, `memdesk refused ${what} (HTTP ${status}).`);
}

interface FoundButton {
  action_id: string;
  block_id: string;
  value?: string;
  text: string;
  style?: string;
}

/** The button on the message as the bot last wrote it: a press carries its block and value. */
function findButton(message: SlackMessage, actionId: string, value: string | undefined): FoundButton | undefined {
  for (const block of (message.blocks ?? []) as { type?: string; block_id?: string; elements?: unknown[] }[]) {
    if (block.type !== 'actions') continue;
    for (const element of (block.elements ?? []) as { type?: string; action_id?: string; value?: string; style?: string; text?: { text?: string } }[]) {
      if (element.type !== 'button' || element.action_id !== actionId) continue;
      if (value !== undefined && element.value !== value) continue;
      return {
        action_id: actionId,
        block_id: block.block_id ?? '',
        ...(element.value !== undefined ? { value: element.value } : {}),
        text: element.text?.text ?? actionId,
        ...(element.style ? { style: element.style } : {}),
      };
    }
  }
  return undefined;
}

/** Slack stores `&`, `<` and `>` in message text as entities; the bot reads them that way. */
export function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Something the page asked for that the workspace cannot do, answered with this HTTP status. */
export function pageRequestError(status: number, message: string): MemdeskError<'page_request'> {
  return new MemdeskError('page_request', message, { status });
}
