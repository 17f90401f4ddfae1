// What memdesk remembers, per account and per customer inside it. Memories written by tickets
// (outcomes, resolutions) are marked, so the end of the experiment is visible at a glance.
import { h, reconcile } from './dom.js';

export function renderMemory(container, accounts) {
  reconcile(container, accounts, (a) => `${a.scope.kind}:${a.scope.id}`, accountPanel);
}

function accountPanel(account) {
  const id = `memory-${account.scope.id}`;
  return h(
    'section',
    { class: 'memory-account', 'aria-labelledby': id },
    h('h3', { id }, account.name, ' ', h('span', { class: 'scope scope-account' }, 'account')),
    memoryList(account.memories),
    account.customers.map((c) =>
      h(
        'div',
        { class: 'memory-customer' },
        h('h4', {}, c.name, ' ', h('span', { class: 'scope scope-customer' }, 'customer')),
        memoryList(c.memories),
      ),
    ),
  );
}

function memoryList(memories) {
  if (memories.length === 0) return h('p', { class: 'muted nothing' }, 'Nothing remembered yet.');
  return h(
    'ul',
    { class: 'memories' },
    memories.map((m) =>
      h(
        'li',
        { class: `memory memory-${m.source}` },
        h('span', { class: 'memory-text' }, m.text),
        ' ',
        h('span', { class: 'memory-source' }, sourceLabel(m)),
      ),
    ),
  );
}

function sourceLabel(m) {
  const day = m.updated_at.slice(0, 10);
  if (m.source === 'seed') return `seeded · ${day}`;
  if (m.source === 'ticket') return `stored by ${m.ticket_id} · ${day}`;
  if (m.source === 'resolution') return `resolution of ${m.ticket_id} · ${day}`;
  return day;
}
