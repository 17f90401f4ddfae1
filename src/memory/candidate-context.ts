// What the hybrid blend is told about the embedded store's candidates for one search (see
// CandidateContext in hybrid-ranking.ts), read from the scope's own posting lists: whose words each
// memory is (its subject-field terms), which writing session holds it (the session-start postings);
// when it was written (only when the search names a day or month) and whether it ends by asking
// (only for the best few) come from the stored memory.
import type { CandidateContext } from './hybrid-ranking.js';
import { namedPeriods, writtenWithin } from './named-periods.js';
import { rememberedQuery, SESSION_TERM, SUBJECT_PREFIX, type ScopeIndex } from './ranking.js';

/** Index of the last docno ≤ `docno` in ascending [docno, meta, …] postings, or -1. */
function lastAtOrBefore(postings: Uint32Array, docno: number): number {
  let lo = 0;
  let hi = (postings.length >>> 1) - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (postings[mid * 2]! <= docno) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/** A candidate's stored text and when it was written, read only for the few candidates that need it. */
export type StoredMemory = (docno: number) => { text: string; created_at: string } | undefined;

export function candidateContext(query: string, index: ScopeIndex, stored: StoredMemory): CandidateContext {
  const subjectLists = [...rememberedQuery(query).terms.keys()]
    .filter((term) => !term.startsWith('#'))
    .map((term) => index.postings(SUBJECT_PREFIX + term))
    .filter((list) => list.length > 0);
  const sessionStarts = index.postings(SESSION_TERM);
  const periods = namedPeriods(query);
  return {
    docnoLimit: index.docnoLimit,
    namesSubject: (docno) =>
      subjectLists.some((list) => {
        const at = lastAtOrBefore(list, docno);
        return at >= 0 && list[at * 2] === docno;
      }),
    writtenInNamedPeriod: (docno) => {
      if (periods.length === 0) return false;
      const at = stored(docno)?.created_at;
      return at !== undefined && writtenWithin(at, periods);
    },
    // The session's first memory names it; memories before any recorded start share -1.
    sessionOf: (docno) => {
      const at = lastAtOrBefore(sessionStarts, docno);
      return at < 0 ? -1 : sessionStarts[at * 2]!;
    },
    endsAsking: (docno) => stored(docno)?.text.trimEnd().endsWith('?') ?? false,
  };
}
