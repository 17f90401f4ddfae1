// The ticket list: status, priority, SLA due time and the running SLA clocks, and for each ticket its decision trace —
// what memdesk retrieved, which tool calls ran or were blocked, who decided, how long it took,
// and what staff did afterwards.
import { h, reconcile } from './dom.js';

const openTraces = new Set();

/** @param ctx {{ userName: (id) => string }} */
export function renderTickets(list, tickets, ctx) {
  reconcile(list, tickets, (t) => t.ticket_id, (t) => ticketItem(t, ctx));
  list.closest('section')?.classList.toggle('is-empty', tickets.length === 0);
}

function ticketItem(t, ctx) {
  const headingId = `ticket-${t.ticket_id}`;
  const details = h(
    'details',
    { class: 'trace', open: openTraces.has(t.ticket_id) },
    h('summary', {}, 'Decision trace ', h('span', { class: 'muted' }, `(${stepCount(t.trace)})`)),
    h('ol', { class: 'trace-steps' }, t.trace.map((step, i) => traceStep(step, i, ctx))),
  );
  details.addEventListener('toggle', () => (details.open ? openTraces.add(t.ticket_id) : openTraces.delete(t.ticket_id)));
  return h(
    'li',
    { class: 'ticket', 'aria-labelledby': headingId },
    h('h3', { id: headingId, class: 'ticket-title' }, t.customer_name, ' ', h('span', { class: 'muted' }, `· ${t.account_name}`)),
    h(
      'dl',
      { class: 'facts' },
      fact('Status', h('span', { class: `pill status-${t.status}` }, t.status.replace(/_/g, ' '))),
      fact('Priority', t.priority ? h('span', { class: `pill priority-${t.priority}` }, t.priority) : h('span', { class: 'muted' }, 'none')),
      fact('Owner', t.owner ? h('span', { class: 'owner' }, t.owner) : h('span', { class: 'muted' }, 'memdesk')),
      // Every time on the card is a wall clock in the account's zone (the browser's own may differ), named once.
      ...(t.first_response_at || t.sla_due_at || t.clocks.length ? [fact('Times in', h('span', { class: 'zone' }, t.zone))] : []),
      fact(
        'First response',
        t.first_response_at
          ? h('span', {}, h('time', { datetime: t.first_response_at }, t.first_response_local), ...(t.first_response_by ? [' by ', h('span', { class: 'responder' }, t.first_response_by)] : []))
          : h('span', { class: 'muted' }, 'not yet'),
      ),
      fact('SLA due', t.sla_due_at ? h('time', { datetime: t.sla_due_at }, t.sla_due_local) : h('span', { class: 'muted' }, 'none')),
      ...(t.clocks.length ? [fact('SLA clocks', clockList(t.clocks))] : []),
      fact('Ticket', h('code', {}, t.ticket_id)),
    ),
    details,
  );
}

function traceStep(step, i, ctx) {
  if (step.kind === 'staff') return staffStep(step, ctx);
  if (step.kind === 'feedback') {
    return h(
      'li',
      { class: 'step step-feedback' },
      h('h4', {}, step.helpful ? 'Marked solved' : 'Marked not helpful', ' by ', ctx.userName(step.actor)),
      h('p', { class: 'muted' }, step.helpful ? 'The answer solved it: the ticket is resolved.' : `${step.articles.join(', ')} did not solve it: the ticket went to a person.`),
    );
  }
  if (step.kind === 'gap') {
    return h(
      'li',
      { class: 'step step-gap' },
      h('h4', {}, 'Knowledge gap'),
      h('p', { class: 'muted' }, step.accepted_as ? `Its draft is now the article ${step.accepted_as}.` : step.reason === 'not_helpful' ? 'The answer did not help; a draft article waits in Knowledge.' : 'No article covered this; a draft article waits in Knowledge.'),
    );
  }
  return turnStep(step, i);
}

function passagesPart(turn) {
  if (!turn.passages?.length) return h('p', { class: 'muted' }, 'none matched');
  return h(
    'ul',
    { class: 'step-list passages' },
    turn.passages.map((p) =>
      h(
        'li',
        { class: turn.cited.includes(p.article_id) ? 'passage cited' : 'passage' },
        h('code', {}, p.article_id), ` · ${p.heading} · ${p.score.toFixed(2)}`,
        p.audience === 'internal' ? h('span', { class: 'muted' }, ' (internal: staff only; the brief names it when the ticket\'s issue type lists it)') : null,
        turn.cited.includes(p.article_id) ? h('strong', { class: 'cited-mark' }, ' cited') : null,
        turn.min_score !== undefined && p.audience === 'customer' && p.score < turn.min_score ? h('span', { class: 'muted' }, ` (below ${turn.min_score})`) : null,
      ),
    ),
  );
}

function turnStep(turn, i) {
  const executed = turn.tool_calls.filter((c) => c.status === 'executed');
  const blocked = turn.tool_calls.filter((c) => c.status === 'blocked');
  return h(
    'li',
    { class: 'step' },
    h('h4', {}, turn.continued ? `Follow-up (turn ${i + 1})` : `Turn ${i + 1}`, ' ', h('span', { class: 'muted' }, `· ${turn.resolved_by ? `sender known by ${turn.resolved_by}` : ''}`)),
    turn.message ? h('blockquote', { class: 'said' }, turn.message) : null,
    turn.reading ? readingLine(turn.reading) : null,
    h('p', { class: 'step-label' }, 'Memories retrieved'),
    !turn.memory_enabled
      ? h('p', { class: 'muted' }, 'memory was off for this turn')
      : turn.memories.length === 0
        ? h('p', { class: 'muted' }, 'none: memdesk knew nothing relevant yet')
        : h(
            'ul',
            { class: 'step-list' },
            turn.memories.map((m) =>
              h('li', { class: turn.superseded.includes(m.id) ? 'superseded' : '' }, h('span', { class: `scope scope-${m.scope}` }, m.scope), ' ', m.text ?? m.id, turn.superseded.includes(m.id) ? h('span', { class: 'muted' }, ' (superseded by a newer fact)') : null),
            ),
          ),
    h('p', { class: 'step-label' }, 'Help-center passages'),
    passagesPart(turn),
    h('p', { class: 'step-label' }, 'Tool calls'),
    turn.tool_calls.length === 0
      ? h('p', { class: 'muted' }, 'none')
      : h(
          'ul',
          { class: 'step-list tools' },
          executed.map((c) => h('li', { class: 'tool-executed' }, h('span', { class: 'tool-mark', 'aria-hidden': 'true' }, '✓'), h('span', { class: 'visually-hidden' }, 'executed: '), h('code', {}, c.name), priorityOf(c))),
          blocked.map((c) => h('li', { class: 'tool-blocked' }, h('span', { class: 'tool-mark', 'aria-hidden': 'true' }, '✕'), h('span', { class: 'visually-hidden' }, 'blocked: '), h('code', {}, c.name), h('span', { class: 'muted' }, ` blocked: ${c.reason}`))),
        ),
    h(
      'p',
      { class: 'decided' },
      'Decided by ',
      h('strong', {}, turn.decided_by ?? turn.decider ?? 'unknown'),
      turn.status ? ` · ${turn.status.replace(/_/g, ' ')}` : '',
      turn.priority ? ` · ${turn.priority}` : '',
    ),
    Object.keys(turn.timings_ms).length
      ? h('p', { class: 'timings' }, 'Timings: ', Object.entries(turn.timings_ms).map(([k, v]) => `${k.replace(/_ms$/, '')} ${v} ms`).join(' · '))
      : null,
    turn.customer_response ? h('details', { class: 'reply' }, h('summary', {}, 'Reply sent'), h('p', {}, turn.customer_response)) : null,
    turn.notes.length ? h('ul', { class: 'step-list notes' }, turn.notes.map((n) => h('li', {}, n))) : null,
  );
}

/** What the reader made of the message: type and how sure, language, impact, a person's request. */
function readingLine(r) {
  const parts = [`${r.issue_type.replace(/_/g, ' ')} (${Math.round(r.confidence * 100)}% sure)`, `language ${r.language}`];
  if (r.signals.length) parts.push(r.signals.join(', '));
  if (r.asks_for_human) parts.push('asks for a person');
  return h(
    'p',
    { class: 'reading' },
    h('span', { class: 'step-label' }, 'Read as '),
    parts.join(' · '),
    r.decider ? h('span', { class: 'muted' }, ` · the decider read ${r.decider.issue_type.replace(/_/g, ' ')}, language ${r.decider.language} (recorded)`) : null,
  );
}

function staffStep(step, ctx) {
  return h(
    'li',
    { class: 'step step-staff' },
    h('h4', {}, step.action === 'taken' ? 'Taken' : 'Resolved', ' by ', ctx.userName(step.actor)),
    h('p', { class: 'muted' }, step.action === 'resolved' ? 'The resolution was written to the customer’s memory.' : 'Staff own the ticket now.'),
  );
}

function priorityOf(call) {
  const priority = call.args && typeof call.args === 'object' ? call.args.priority : undefined;
  return priority ? h('span', { class: 'muted' }, ` (${priority})`) : null;
}

/** The running clocks' due times, one after another, in the zone the card names once. */
function clockList(clocks) {
  return h(
    'span',
    {},
    ...clocks.flatMap((c, i) => [
      i ? '; ' : '',
      h('span', { class: `clock clock-${c.state}` }, `${c.name[0].toUpperCase()}${c.name.slice(1)} due ${c.due}`, c.state === 'running' ? '' : ` (${c.state})`),
    ]),
  );
}

function fact(label, value) {
  return h('div', { class: 'fact' }, h('dt', {}, label), h('dd', {}, value));
}

function stepCount(trace) {
  return trace.length === 1 ? '1 step' : `${trace.length} steps`;
}
