// response_url: where the bot answers a slash command or a button press after acknowledging it.
// The workspace hands one out with each delivery, remembers who asked where, and shows the answer:
// ephemeral by default (only the person who asked sees it), in the channel when asked, or in place of
// the message whose button was pressed (replace_original).
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Conversations } from './conversations.js';
import { parseBody, readBody, sendJson } from './http-bodies.js';
import type { WebApi } from './web-api.js';
import { hasCode } from '../errors.js';

export interface ResponseContext {
  channel: string;
  /** Who ran the command or pressed the button. */
  user: string;
  /** The message that carried the button, for replace_original. */
  messageTs?: string;
}

export interface ResponseUrls {
  /** A fresh response_url for one delivery. */
  issue(context: ResponseContext): string;
  /** Answers POST <base><id>. */
  serve(req: IncomingMessage, res: ServerResponse, id: string): Promise<void>;
  forget(): void;
}

export function createResponseUrls(deps: { base: string; api: WebApi; conversations?: Conversations; bot: { userId: string; botId: string; name: string } }): ResponseUrls {
  const contexts = new Map<string, ResponseContext>();
  return {
    issue(context) {
      const id = randomBytes(9).toString('hex');
      contexts.set(id, context);
      return `${deps.base}${id}`;
    },
    async serve(req, res, id) {
      const args = parseBody(await readBody(req), req.headers['content-type']);
      const context = contexts.get(id);
      let response: Record<string, unknown> = { ok: true };
      try {
        if (context && deps.conversations) show(deps.conversations, context, args, deps.bot);
      } catch (error) {
        // The message or channel is gone (a Reset in between): Slack would answer the same way.
        if (!hasCode(error, 'slack_api')) throw error;
        response = { ok: false, error: error.detail.slackError };
      }
      deps.api.record({ method: 'response_url', args: { ...args, response_url_id: id }, result: response.ok ? 'ok' : String(response.error), response });
      sendJson(res, response.ok ? 200 : 404, response);
    },
    forget: () => contexts.clear(),
  };
}

function show(conversations: Conversations, context: ResponseContext, args: Record<string, unknown>, bot: { userId: string; botId: string; name: string }): void {
  const text = typeof args.text === 'string' ? args.text : '';
  const blocks = Array.isArray(args.blocks) ? args.blocks : undefined;
  if (args.replace_original === true && context.messageTs) {
    conversations.update(context.channel, context.messageTs, { text, ...(blocks ? { blocks } : {}) }, bot.userId);
    return;
  }
  if (args.response_type === 'in_channel') {
    conversations.post(context.channel, { user: bot.userId, bot_id: bot.botId, subtype: 'bot_message', username: bot.name, text, ...(blocks ? { blocks } : {}) });
    return;
  }
  conversations.addEphemeral({ channel: context.channel, user: context.user, text, ...(blocks ? { blocks } : {}) });
}
