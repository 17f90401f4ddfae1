// The line that ends an answer from the help center: the cited articles as Slack mrkdwn links.
import type { KnowledgePassage } from './knowledge.js';

/** Slack mrkdwn link text cannot hold "<", ">" or "|", and "&" must be escaped. */
const linkText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '-');
const linkUrl = (s: string): string => s.replace(/[<>|\s]/g, encodeURIComponent);

/** `<url|title>` for each cited article id found in `passages`, in the order cited. */
export function sourceLinks(sources: readonly string[], passages: readonly Pick<KnowledgePassage, 'article_id' | 'url' | 'title'>[]): string[] {
  const links: string[] = [];
  for (const id of new Set(sources)) {
    const p = passages.find((x) => x.article_id === id);
    if (p) links.push(`<${linkUrl(p.url)}|${linkText(p.title)}>`);
  }
  return links;
}

/** `Source: <url|title>` (or `Sources: …, …`) for the cited article ids, in the order cited; '' when none match. */
export function sourceLine(sources: readonly string[], passages: readonly KnowledgePassage[]): string {
  const links = sourceLinks(sources, passages);
  if (links.length === 0) return '';
  return `${links.length > 1 ? 'Sources' : 'Source'}: ${links.join(', ')}`;
}
