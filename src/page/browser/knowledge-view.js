// The Knowledge section: the help center's articles, recent answers memdesk gave from them with the
// customer's mark, and the gaps (questions no article answered) with a draft article and Accept.
import { h, reconcile } from './dom.js';

/** @param ctx {{ onAccept: (gap, el) => void }} */
export function renderKnowledge(container, knowledge, ctx) {
  const answers = container.querySelector('#knowledge-answers');
  const gaps = container.querySelector('#knowledge-gaps');
  const articles = container.querySelector('#knowledge-articles');
  reconcile(answers, knowledge.answers, (a) => `${a.ticket_id}-${a.at}`, answerItem);
  answers.closest('div')?.classList.toggle('is-empty', knowledge.answers.length === 0);
  reconcile(gaps, groupByTopic(knowledge.gaps), (g) => g.topic, (group) => gapGroup(group, ctx));
  gaps.closest('div')?.classList.toggle('is-empty', knowledge.gaps.length === 0);
  reconcile(articles, knowledge.articles, (a) => a.article_id, (a) =>
    h('li', { class: 'article' }, h('a', { href: a.url, target: '_blank', rel: 'noopener' }, a.title), ' ', h('code', { class: 'muted' }, a.article_id), a.audience === 'internal' ? h('span', { class: 'pill' }, 'internal') : null),
  );
  container.querySelector('#knowledge-count').textContent = `${knowledge.articles.length} articles`;
}

function answerItem(a) {
  const mark = a.mark === 'helpful' ? 'helpful' : a.mark === 'not_helpful' ? 'not helpful' : 'no answer yet';
  return h(
    'li',
    { class: 'answer' },
    h('p', { class: 'answer-question' }, h('strong', {}, a.customer_name), ': ', a.question),
    h('p', { class: 'muted' }, 'Answered from ', a.articles.map((x, i) => [i ? ', ' : '', h('a', { href: x.url, target: '_blank', rel: 'noopener' }, x.title)])),
    h('span', { class: `pill mark-${a.mark ?? 'none'}` }, mark),
  );
}

function groupByTopic(gaps) {
  const groups = new Map();
  for (const g of gaps) groups.set(g.topic, [...(groups.get(g.topic) ?? []), g]);
  return [...groups].map(([topic, items]) => ({ topic, items }));
}

function gapGroup(group, ctx) {
  return h(
    'li',
    { class: 'gap-topic' },
    h('h4', {}, group.topic),
    h('ul', { class: 'gaps' }, group.items.map((g) => gapItem(g, ctx))),
  );
}

function gapItem(g, ctx) {
  return h(
    'li',
    { class: 'gap', 'data-gap': g.gap_id },
    h('p', { class: 'gap-question' }, g.question),
    h('p', { class: 'muted' }, g.reason === 'not_helpful' ? `An answer from ${g.articles.join(', ')} was marked not helpful.` : 'No article covered this question.'),
    h('details', { class: 'draft' }, h('summary', {}, `${g.draft.written_by === 'model' ? `Draft written by ${g.draft.model ?? 'the model'} (check before accepting)` : 'Draft from the staff resolution'}: ${g.draft.title}`), h('pre', { class: 'draft-text' }, g.draft.text)),
    g.status === 'accepted'
      ? h('p', { class: 'gap-accepted' }, 'Accepted as ', h('code', {}, g.accepted_as ?? g.draft.article_id))
      : h('button', { type: 'button', class: 'accept', 'data-focus-id': `accept-${g.gap_id}`, onclick: (event) => ctx.onAccept(g, event.currentTarget) }, 'Accept draft'),
  );
}
