/**
 * An email address in free text, for replacing every one (a global pattern: use it with `replace`).
 * A match starts only where a run of address characters starts (the lookbehind). Unanchored, a long word
 * made the search try every position of it and scan to its end from each, quadratic time: one
 * 40,000-character message took 29 s in the help-center search on a loaded machine. The matches are the
 * same: a match inside a run would also be one from the run's start.
 */
export const EMAIL_ADDRESSES = /(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
