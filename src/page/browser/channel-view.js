// One channel's messages as Slack shows them: author, time, text or Block Kit, reactions, and the
// thread's replies under their parent. Notes only one person can see are shown as such.
import { blockKit } from './blocks.js';
import { h, reconcile } from './dom.js';
import { emojiFor, mrkdwn } from './mrkdwn.js';

/** The element id of a message; the bot's permalinks point at it. */
export function messageAnchor(channelId, ts) {
  return `m-${channelId}-${ts.replace('.', '')}`;
}

/**
 * @param ctx {{ person: (id) => {real_name, role} | undefined, userName, linkHref,
 *   onButton: (channelId, ts, button, el) => void, onReply?: (message) => void }}
 */
export function renderChannel(list, channel, ephemerals, ctx) {
  const items = [
    ...channel.messages.map((m) => ({ kind: 'message', ...m })),
    ...ephemerals.filter((e) => e.channel === channel.id).map((e) => ({ kind: 'ephemeral', ...e })),
  ].sort((a, b) => a.ts.localeCompare(b.ts));
  reconcile(list, items, (item) => `${item.kind}-${item.ts}`, (item) =>
    item.kind === 'ephemeral' ? ephemeralNote(item, ctx) : messageItem(channel, item, ctx, true),
  );
  list.closest('section')?.classList.toggle('is-empty', items.length === 0);
}

function messageItem(channel, m, ctx, topLevel) {
  const person = ctx.person(m.user);
  const author = person?.real_name ?? m.username ?? m.user;
  const isBot = Boolean(m.bot_id) || person?.role === 'bot';
  const replies = m.replies ?? [];
  const content = m.blocks?.length
    ? blockKit(m.blocks, { ...ctx, onButton: (button, el) => ctx.onButton(channel.id, m.ts, button, el) })
    : h('div', { class: 'msg-text' }, mrkdwn(m.text, ctx));
  if (m.blocks?.length) {
    for (const button of content.querySelectorAll('.bk-button')) button.dataset.focusId = `button-${m.ts}-${button.textContent}`;
  }
  return h(
    'li',
    { class: `msg${isBot ? ' msg-bot' : ''}${person?.role === 'stranger' ? ' msg-stranger' : ''}`, id: messageAnchor(channel.id, m.ts), tabindex: '-1' },
    h('span', { class: `avatar avatar-${person?.role ?? 'other'}`, 'aria-hidden': 'true' }, initials(author)),
    h(
      'div',
      { class: 'msg-main' },
      h(
        'p',
        { class: 'msg-meta' },
        h('span', { class: 'author' }, author),
        isBot ? h('span', { class: 'tag' }, 'APP') : null,
        person?.role === 'staff' ? h('span', { class: 'tag tag-staff' }, 'staff') : null,
        h('time', { datetime: tsDate(m.ts).toISOString() }, timeOf(m.ts)),
        m.edited ? h('span', { class: 'edited' }, '(edited)') : null,
      ),
      m.subtype === 'thread_broadcast' ? broadcastNote(channel, m, topLevel) : null,
      content,
      reactions(m.reactions ?? [], ctx),
      topLevel && replies.length
        ? h(
            'div',
            { class: 'thread' },
            h('p', { class: 'thread-count' }, replies.length === 1 ? '1 reply' : `${replies.length} replies`),
            h('ol', { class: 'replies', 'aria-label': `Thread replies to ${author}` }, replies.map((r) => messageItem(channel, r, ctx, false))),
          )
        : null,
      ctx.onTicket && !isBot
        ? h(
            'button',
            { type: 'button', class: 'link-button ticket-button', 'data-focus-id': `ticket-${m.ts}`, title: 'React with :ticket: (staff: make this message a ticket)', onclick: (e) => ctx.onTicket(channel.id, m, e.currentTarget) },
            '🎫',
            h('span', { class: 'visually-hidden' }, ` React with ticket to ${author}’s message`),
          )
        : null,
      topLevel && ctx.onReply && !isBot
        ? h(
            'button',
            { type: 'button', class: 'link-button reply-button', 'data-focus-id': `reply-${m.ts}`, onclick: () => ctx.onReply({ ...m, author }) },
            'Reply in thread',
            h('span', { class: 'visually-hidden' }, ` to ${author}`),
          )
        : null,
    ),
  );
}

/**
 * A thread reply also sent to the channel, as Slack shows it: in the channel, "replied to a thread:"
 * and the thread's first words, linking to the thread; in the thread, "Also sent to the channel".
 */
function broadcastNote(channel, m, topLevel) {
  if (!topLevel) return h('p', { class: 'broadcast-note' }, 'Also sent to the channel');
  const rootText = m.root?.text ?? '';
  const snippet = rootText.length > 80 ? `${rootText.slice(0, 80)}…` : rootText;
  return h(
    'p',
    { class: 'broadcast-note' },
    'replied to a thread: ',
    h('a', { href: `#${messageAnchor(channel.id, m.thread_ts)}` }, snippet || 'the thread'),
  );
}

function ephemeralNote(note, ctx) {
  const to = ctx.person(note.user)?.real_name ?? note.user;
  return h(
    'li',
    { class: 'msg msg-ephemeral' },
    h('span', { class: 'avatar avatar-bot', 'aria-hidden': 'true' }, 'M'),
    h(
      'div',
      { class: 'msg-main' },
      h('p', { class: 'msg-meta' }, h('span', { class: 'author' }, 'memdesk'), h('span', { class: 'tag' }, 'APP'), h('time', { datetime: tsDate(note.ts).toISOString() }, timeOf(note.ts))),
      h('p', { class: 'only-visible' }, `Only visible to ${to}`),
      note.blocks?.length ? blockKit(note.blocks, { ...ctx, onButton: () => {} }) : h('div', { class: 'msg-text' }, mrkdwn(note.text, ctx)),
    ),
  );
}

// What memdesk's own reactions mean, said in words too: not every system has an emoji font.
const reactionMeaning = { eyes: 'seen', white_check_mark: 'done', warning: 'needs a person' };

function reactions(list, ctx) {
  if (list.length === 0) return null;
  return h(
    'ul',
    { class: 'reactions', 'aria-label': 'Reactions' },
    list.map((r) =>
      h(
        'li',
        { class: 'reaction', title: `:${r.name}: by ${r.users.map(ctx.userName).join(', ')}` },
        h('span', { 'aria-hidden': 'true' }, emojiFor(r.name), reactionMeaning[r.name] ? ` ${reactionMeaning[r.name]}` : '', r.count > 1 ? ` ${r.count}` : ''),
        h('span', { class: 'visually-hidden' }, `${r.name.replace(/_/g, ' ')} reaction by ${r.users.map(ctx.userName).join(', ')}`),
      ),
    ),
  );
}

function initials(name) {
  const parts = String(name).split(/[\s._-]+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '?') + (parts[1]?.[0] ?? '')).toUpperCase();
}

function tsDate(ts) {
  return new Date(Number(ts.split('.')[0]) * 1000);
}

function timeOf(ts) {
  return new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' }).format(tsDate(ts));
}
