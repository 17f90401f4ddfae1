// Which passages a how-to answer quotes: the best passages of the article it answers from. Shared by the
// offline decider and scripts/measure-sections.ts, so the measure reads what customers are sent.
import type { PacketPassage } from '../core/ports.js';

/** At most this many sections of the article are quoted. */
const QUOTED_SECTIONS = 2;

/** The passages of `articleId` an answer quotes, best first. */
export function answerSections<P extends Pick<PacketPassage, 'article_id' | 'text'>>(passages: readonly P[], articleId: string): P[] {
  return (
    passages
      // A passage that only quotes (a draft's "The question this answers") holds no steps to give.
      .filter((p) => p.article_id === articleId && !p.text.split('\n').every((line) => line.startsWith('>') || !line.trim()))
      .slice(0, QUOTED_SECTIONS)
  );
}
