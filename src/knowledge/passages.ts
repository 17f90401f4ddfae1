// Articles are searched and cited by passage: one passage per "## " section, so a reply can quote
// the steps that answer the question instead of a whole article. Text before the first section is
// the article's introduction and takes the article's title as its heading.
import { z } from 'zod';
import { audience, type Article } from './article.js';

export const passageSchema = z.object({
  /** `<article id>#<heading slug>`: stable while the heading keeps its wording. */
  id: z.string(),
  article_id: z.string(),
  title: z.string(),
  url: z.string(),
  heading: z.string(),
  text: z.string(),
  audience,
});
export type Passage = z.infer<typeof passageSchema>;

const slug = (s: string): string =>
  s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'section';

export function splitIntoPassages(article: Article): Passage[] {
  const sections: { heading: string; lines: string[] }[] = [{ heading: article.title, lines: [] }];
  let inCode = false;
  for (const line of article.body.split(/\r?\n/)) {
    if (/^\s*```/.test(line)) inCode = !inCode;
    const heading = inCode ? null : /^##\s+(.+?)\s*#*\s*$/.exec(line);
    if (heading) sections.push({ heading: heading[1]!, lines: [] });
    else sections.at(-1)!.lines.push(line);
  }
  const seen = new Map<string, number>();
  const passages: Passage[] = [];
  for (const s of sections) {
    const text = s.lines.join('\n').trim();
    if (!text) continue;
    const base = slug(s.heading);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    passages.push({
      id: `${article.id}#${n > 1 ? `${base}-${n}` : base}`,
      article_id: article.id,
      title: article.title,
      url: article.url,
      heading: s.heading,
      text,
      audience: article.audience,
    });
  }
  return passages;
}
