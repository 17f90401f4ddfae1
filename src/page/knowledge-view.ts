// The page's Knowledge section, read from the running memdesk: the help center's articles, the recent
// answers memdesk gave from them with the customer's helpful / not-helpful mark, and the gaps (questions
// no article answered) with their draft articles, for tickets whose thread the workspace shows now.
import type { KnowledgeGap } from '../core/knowledge.js';
import type { Memdesk } from '../memdesk.js';

export interface AnswerView {
  ticket_id: string;
  customer_name: string;
  question: string;
  articles: { article_id: string; title: string; url: string }[];
  at: string;
  mark: 'helpful' | 'not_helpful' | null;
}

export interface KnowledgeView {
  articles: ReturnType<Memdesk['knowledgeArticles']>;
  answers: AnswerView[];
  gaps: KnowledgeGap[];
}

export async function knowledgeView(memdesk: Memdesk, opts: { channel: string; threads: ReadonlySet<string> }): Promise<KnowledgeView> {
  const tickets = (await memdesk.tickets.list()).filter((t) => t.slack_channel === opts.channel && t.slack_thread_ts && opts.threads.has(t.slack_thread_ts));
  const shown = new Set(tickets.map((t) => t.ticket_id));
  const answers: AnswerView[] = [];
  for (const t of tickets) {
    const operations = await memdesk.operationLog.read({ ticketId: t.ticket_id, kinds: ['answer_cited', 'answer_feedback'] });
    for (const [i, op] of operations.entries()) {
      if (op.kind !== 'answer_cited') continue;
      const mark = operations.slice(i + 1).find((later) => later.kind === 'answer_feedback');
      answers.push({
        ticket_id: t.ticket_id,
        customer_name: memdesk.directory.resolve({ customerId: t.customer_id }).customer_name,
        question: t.message.slice(0, 300),
        articles: op.detail.articles,
        at: op.at,
        mark: mark?.kind === 'answer_feedback' ? (mark.detail.helpful ? 'helpful' : 'not_helpful') : null,
      });
    }
  }
  answers.sort((a, b) => b.at.localeCompare(a.at));
  const gaps = (await memdesk.knowledgeGaps()).filter((g) => shown.has(g.ticket_id));
  return { articles: memdesk.knowledgeArticles(), answers: answers.slice(0, 20), gaps };
}
