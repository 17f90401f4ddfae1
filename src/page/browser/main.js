// The local workspace page: wires the composer and the staff buttons to the workspace server, and
// redraws channels, tickets, memory, knowledge and insights whenever the server says something changed.
import { renderChannel } from './channel-view.js';
import { renderMemory } from './memory-view.js';
import { renderInsights } from './insights-view.js';
import { renderKnowledge } from './knowledge-view.js';
import { renderTickets } from './tickets-view.js';
import { wireHomeView } from './home-view.js';
import { getJson, postJson, watchWorkspace } from './workspace-api.js';

const $ = (selector) => document.querySelector(selector);
const people = new Map();

let threadTarget = null;
let supportChannelId = null;

const view = {
  person: (id) => people.get(id),
  userName: (id) => people.get(id)?.real_name ?? id,
  // The bot's links to a customer's thread point at this page: follow them in place.
  linkHref(url) {
    try {
      const u = new URL(url);
      if (u.hash.startsWith('#m-') && (u.hostname === 'localhost' || u.hostname === '127.0.0.1')) return u.hash;
    } catch {
      // not a URL we can read: leave it as it is
    }
    return url;
  },
  onButton: pressButton,
  onReply: replyInThread,
};

// ---------- status line ----------
function say(text, kind = 'info') {
  const status = $('#status');
  status.textContent = text;
  status.dataset.kind = kind;
}

async function act(button, busyText, run) {
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  say(busyText);
  try {
    await run();
  } catch (error) {
    say(error.message, 'error');
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}

// ---------- refresh ----------
let refreshing = null;
let again = false;
function refresh() {
  if (refreshing) {
    again = true;
    return refreshing;
  }
  refreshing = (async () => {
    try {
      // Insights load beside the rest; if the report fails, the channels and tickets still draw.
      const insights = getJson(`/workspace/insights?days=${$('#insights-days').value}`).then(drawInsights, (error) => {
        $('#insights-since').textContent = `Could not load insights: ${error.message}`;
      });
      const [conversations, tickets, memory, knowledge, health] = await Promise.all([
        getJson('/workspace/conversations'),
        getJson('/workspace/tickets'),
        getJson('/workspace/memory'),
        getJson('/workspace/knowledge'),
        getJson('/healthz'),
      ]);
      draw(conversations, tickets, memory, knowledge);
      await insights;
      showDecider(health);
    } catch (error) {
      say(`Could not load the workspace: ${error.message}`, 'error');
    } finally {
      refreshing = null;
      if (again) {
        again = false;
        void refresh();
      }
    }
  })();
  return refreshing;
}

/** Which decider (and model) answers, so nobody mistakes the offline policy engine for a model. */
function showDecider(health) {
  if (!health?.ok) return;
  $('#decider').textContent = `Decider: ${health.decider}${health.model ? ` (${health.model})` : ''} · memory: ${health.memory}`;
}

function draw(conversations, tickets, memory, knowledge) {
  for (const p of conversations.people) people.set(p.id, p);
  supportChannelId = conversations.channels.find((c) => c.name === 'support')?.id ?? null;
  fillPicker(conversations.posters);
  const textarea = $('#message-text');
  if (!textarea.dataset.filled) {
    textarea.dataset.filled = 'true';
    if (!textarea.value) textarea.value = conversations.demo_message;
  }
  for (const channel of conversations.channels) {
    const list = $(`#${channel.name}-messages`);
    if (!list) continue;
    const scroller = list.parentElement;
    const stick = nearBottom(scroller);
    const support = channel.name === 'support';
    renderChannel(list, channel, conversations.ephemerals, { ...view, onReply: support ? replyInThread : undefined, onTicket: support ? reactWithTicket : undefined });
    if (stick) scroller.scrollTop = scroller.scrollHeight;
  }
  if (threadTarget && !conversations.channels.some((c) => c.messages.some((m) => m.ts === threadTarget.ts))) replyInChannel();
  renderTickets($('#ticket-list'), tickets, view);
  renderMemory($('#memory-panels'), memory);
  renderKnowledge($('#knowledge'), knowledge, { onAccept: acceptGap });
  document.body.dataset.tickets = String(tickets.length);
}

// Redrawn only when the report changed, so an open table keeps its scroll and focus while the page lives.
let insightsShown = '';
function drawInsights(report) {
  const signature = JSON.stringify(report);
  if (signature === insightsShown) return;
  insightsShown = signature;
  renderInsights($('#insights'), report);
  $('#insights-since').textContent = `Since ${utcTime(report.since)}: ${report.tickets === 1 ? '1 ticket' : `${report.tickets} tickets`}.`;
}

/** A time about no account (the report's period, memdesk's clock) in UTC, which it names: "2026-11-18 10:00 UTC". */
function utcTime(iso) {
  return `${new Date(iso).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function nearBottom(scroller) {
  return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80;
}

function fillPicker(posters) {
  const select = $('#post-as');
  if (select.options.length === posters.length) return;
  const chosen = select.value;
  select.replaceChildren(
    ...posters.map((p) => {
      const label = p.role === 'stranger' ? `${p.real_name} (not a customer)` : p.role === 'staff' ? `${p.real_name} (staff)` : `${p.real_name} · ${p.account_name}`;
      const option = new Option(label, p.id);
      return option;
    }),
  );
  if (chosen) select.value = chosen;
}

// ---------- composer ----------
function replyInThread(message) {
  threadTarget = message;
  $('#thread-target-text').textContent = `Replying in ${message.author}’s thread`;
  $('#thread-target').hidden = false;
  if (people.get(message.user)?.role !== 'bot' && [...$('#post-as').options].some((o) => o.value === message.user)) $('#post-as').value = message.user;
  $('#message-text').focus();
}

function replyInChannel() {
  threadTarget = null;
  $('#thread-target').hidden = true;
}

async function send(event) {
  event.preventDefault();
  const text = $('#message-text').value;
  const user = $('#post-as').value;
  const who = people.get(user)?.real_name ?? user;
  await act($('#send'), `Sending as ${who}…`, async () => {
    await postJson('/workspace/messages', { user, text, ...(threadTarget ? { thread_ts: threadTarget.ts } : {}) });
    say(`Sent as ${who}${threadTarget ? ' in the thread' : ''}. memdesk is on it.`);
    replyInChannel();
  });
}

// ---------- staff ----------
/** A 🎫 from whoever is picked in "Post as": from staff it makes the message a ticket. */
function reactWithTicket(channel, message, el) {
  const user = $('#post-as').value;
  const who = people.get(user)?.real_name ?? user;
  return act(el, `Reacting with 🎫 as ${who}…`, async () => {
    await postJson('/workspace/reactions', { user, channel, ts: message.ts, name: 'ticket' });
    say(`🎫 added as ${who}.`);
  });
}

// ---------- buttons ----------
// In #support a button is pressed by whoever is picked in "Post as" (a customer answering "Was this
// helpful?"); in #escalations, by staff.
function pressButton(channel, ts, button, el) {
  const inSupport = channel === supportChannelId;
  const user = inSupport ? $('#post-as').value : undefined;
  const who = inSupport ? (people.get(user)?.real_name ?? user) : 'staff';
  return act(el, `Pressing ${el.textContent} as ${who}…`, async () => {
    await postJson('/workspace/buttons', { channel, ts, action_id: button.action_id, value: button.value, ...(user ? { user } : {}) });
    say(`${el.textContent} sent to memdesk as ${who}.`);
  });
}

function acceptGap(gap, el) {
  return act(el, 'Accepting the draft…', async () => {
    const accepted = await postJson('/workspace/gaps/accept', { gap_id: gap.gap_id });
    say(`Draft accepted: ${accepted.article_id} is in the help center now.`);
    void refresh();
  });
}

// ---------- start ----------
$('#composer').addEventListener('submit', send);
$('#message-text').addEventListener('keydown', (event) => {
  // As in Slack: Enter sends, Shift+Enter starts a new line, Escape leaves the thread.
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    $('#composer').requestSubmit();
  } else if (event.key === 'Escape' && threadTarget) {
    replyInChannel();
  }
});
$('#cancel-thread').addEventListener('click', () => {
  replyInChannel();
  $('#message-text').focus();
});
$('#seed').addEventListener('click', (event) =>
  act(event.currentTarget, 'Running /seed-memory demo…', async () => {
    await postJson('/workspace/seed-memory');
    say('/seed-memory demo sent as staff; memdesk answers in #support.');
  }),
);
$('#reset').addEventListener('click', (event) =>
  act(event.currentTarget, 'Resetting…', async () => {
    await postJson('/workspace/reset');
    say('Reset: empty channels, no tickets, no memory.');
  }),
);
$('#clock-advance').addEventListener('click', (event) =>
  act(event.currentTarget, 'Moving the clock on…', async () => {
    const { now, alerts_queued } = await postJson('/workspace/clock', { minutes: Number($('#clock-minutes').value) });
    say(`memdesk's clock reads ${utcTime(now)}; ${alerts_queued === 1 ? '1 SLA alert' : `${alerts_queued} SLA alerts`} due.`);
  }),
);
$('#insights-days').addEventListener('change', () => void refresh());
// As in Slack, a channel's times are the reader's own wall clock: its heading names that zone once.
for (const note of document.querySelectorAll('.reader-zone')) note.textContent = `Times in ${Intl.DateTimeFormat().resolvedOptions().timeZone} (this browser).`;
wireHomeView({ button: $('#open-home'), picker: $('#post-as'), target: $('#home-view'), view, act });
window.addEventListener('hashchange', () => {
  const target = document.getElementById(location.hash.slice(1));
  target?.focus();
});

watchWorkspace(
  () => refresh(),
  (connected) => {
    $('#live').textContent = connected ? 'Live' : 'Reconnecting…';
    $('#live').dataset.connected = String(connected);
    if (connected) void refresh();
  },
);

