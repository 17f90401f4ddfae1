// The gap loop's draft: when staff resolved a question no article covered, their resolution text
// becomes a draft article. Offline it is extractive — every sentence comes from the staff answer; the
// customer's question gives the title. With a model configured, the model writes the article from the
// same two texts (modelDraftArticle). Secrets, email addresses and Slack mentions are removed before
// the model sees them and from what it writes, because a help-center article is public.
import { redactSecrets } from '../memory/redact.js';
import { parseArticle, renderArticle, type Article } from './article.js';
import { wordsOf } from './analyzer.js';
import { EMAIL_ADDRESSES } from '../email-address.js';

export interface DraftInput {
  question: string;
  resolution: string;
  /** The folder under KNOWLEDGE_DIR the draft goes to, e.g. `billing`; default `drafts`. */
  topic?: string;
  /** The help center's base URL; the article's url is `<base>/<id>`. */
  urlBase: string;
  /** YYYY-MM-DD of the draft. */
  today: string;
}

export interface DraftArticle {
  id: string;
  /** The Markdown file (front matter included) to write to `<KNOWLEDGE_DIR>/<id>.md`. */
  text: string;
  article: Article;
}

const stepLead = /^(?:\d+[.)]\s*|[-*•]\s*|(?:first|then|next|finally|after that|afterwards)\b[,:]?\s*)/i;
const imperative = /^(?:go|open|click|choose|select|enter|type|add|remove|turn|sign|set|copy|paste|check|make|ask|use|contact|wait|reset|download|upload|create|delete|invite|confirm|save|try|find|update|change|replace|switch|visit|navigate|scroll|press|tap|log|install|connect|export|import|rotate|revoke|generate)\b/i;

function sentencesOf(text: string): string[] {
  return text
    .split(/\n+|(?<=[.!?])\s+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 2);
}

export function publicText(text: string): string {
  return redactSecrets(text)
    .text.replace(/<@[A-Z0-9]+(?:\|[^>]*)?>/g, '')
    .replace(EMAIL_ADDRESSES, '[email]')
    .replace(/^\s*(?:hi|hello|hey|thanks|thank you)\b[^.!?\n]*[.!?]?\s*/i, '')
    .trim();
}

function titleOf(question: string): string {
  const first = sentencesOf(publicText(question)).find((s) => /\?$/.test(s)) ?? sentencesOf(publicText(question))[0] ?? 'Untitled question';
  const clipped = first.replace(/\?+$/, '').replace(/\s+/g, ' ').slice(0, 90).trim();
  return clipped.charAt(0).toUpperCase() + clipped.slice(1);
}

const tagStop = new Set(wordsOf('the a an and or to of in on for with my our your we you i it is are can how do does what why when where this that be not from at by as was have has please thanks hi hello cobalt'));

function tagsOf(text: string): string[] {
  const counts = new Map<string, number>();
  for (const w of wordsOf(text)) if (w.length > 3 && !tagStop.has(w) && !/^\d+$/.test(w)) counts.set(w, (counts.get(w) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 6).map(([w]) => w);
}

const slugOf = (s: string): string =>
  s.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60).replace(/-$/, '') || 'draft';

export function draftArticle(input: DraftInput): DraftArticle {
  const title = titleOf(input.question);
  const resolution = publicText(input.resolution);
  const intro: string[] = [];
  const steps: string[] = [];
  for (const s of sentencesOf(resolution)) {
    const stripped = s.replace(stepLead, '');
    if (stepLead.test(s) || imperative.test(stripped)) steps.push(stripped.charAt(0).toUpperCase() + stripped.slice(1));
    else if (steps.length === 0) intro.push(s);
    else steps.push(s);
  }
  const sections = [
    intro.length ? intro.join(' ') : `This article answers: ${title}.`,
    steps.length ? `## Steps\n\n${steps.map((s, i) => `${i + 1}. ${s}`).join('\n')}` : '',
    `## The question this answers\n\n> ${publicText(input.question).replace(/\n+/g, ' ')}`,
  ].filter(Boolean);
  const id = `${input.topic ?? 'drafts'}/${slugOf(title)}`;
  const text = renderArticle(
    { title, url: `${input.urlBase.replace(/\/$/, '')}/${id}`, tags: tagsOf(`${input.question} ${resolution}`), updated: input.today, audience: 'customer' },
    sections.join('\n\n'),
  );
  // Parsing our own output proves the draft is a valid article before anyone accepts it.
  return { id, text, article: parseArticle(id, text, `draft ${id}`) };
}

export interface ModelDraftInput extends Omit<DraftInput, 'resolution'> {
  /** What the model wrote: a title and a Markdown body. */
  title: string;
  body: string;
}

/** The model's article as a draft file beside the others: same path rules, tags and front matter as the extractive draft. */
export function modelDraftArticle(input: ModelDraftInput): DraftArticle {
  const title = publicText(input.title).replace(/^#+\s*/, '').replace(/\s+/g, ' ').slice(0, 90).trim() || titleOf(input.question);
  // A leading "# Title" would repeat the title; the body is public text like any article's.
  const body = publicText(input.body).replace(/^#\s+[^\n]*\n+/, '').trim();
  const id = `${input.topic ?? 'drafts'}/${slugOf(title)}`;
  const text = renderArticle({ title, url: `${input.urlBase.replace(/\/$/, '')}/${id}`, tags: tagsOf(`${input.question} ${body}`), updated: input.today, audience: 'customer' }, body);
  return { id, text, article: parseArticle(id, text, `draft ${id}`) };
}
