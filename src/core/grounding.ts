// The grounding check for answers from the help center: a customer reply may cite only articles the
// search returned for this ticket, and only customer-audience ones. memdesk never invents
// documentation, and internal runbooks never reach a customer.
import { z } from 'zod';
import type { KnowledgePassage } from './knowledge.js';

export const groundingSchema = z.discriminatedUnion('grounded', [
  z.object({ grounded: z.literal(true) }),
  z.object({
    grounded: z.literal(false),
    code: z.enum(['no_sources', 'not_retrieved', 'internal_article']),
    /** The cited article ids at fault (empty for no_sources). */
    articles: z.array(z.string()),
    reason: z.string(),
  }),
]);
export type Grounding = z.infer<typeof groundingSchema>;

export function checkGrounding(sources: readonly string[], retrieved: readonly KnowledgePassage[]): Grounding {
  if (sources.length === 0) {
    return { grounded: false, code: 'no_sources', articles: [], reason: 'the answer cites no help-center article' };
  }
  const audienceOf = new Map<string, string>();
  for (const p of retrieved) if (audienceOf.get(p.article_id) !== 'internal') audienceOf.set(p.article_id, p.audience);
  const notRetrieved = sources.filter((id) => !audienceOf.has(id));
  if (notRetrieved.length) {
    return { grounded: false, code: 'not_retrieved', articles: notRetrieved, reason: `cites articles that were not retrieved for this ticket: ${notRetrieved.join(', ')}` };
  }
  const internal = sources.filter((id) => audienceOf.get(id) === 'internal');
  if (internal.length) {
    return { grounded: false, code: 'internal_article', articles: internal, reason: `cites internal articles a customer must not see: ${internal.join(', ')}` };
  }
  return { grounded: true };
}
