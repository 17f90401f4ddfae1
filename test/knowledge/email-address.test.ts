// An email address a customer pastes: one word, "email", to the help-center search, and "[email]" in an
// article drafted from the question; found in one pass however long the message (src/email-address.ts).
import { describe, expect, it } from 'vitest';
import { wordsOf } from '../../src/knowledge/analyzer.js';
import { publicText } from '../../src/knowledge/draft-article.js';

describe('an email address in a message', () => {
  it('is the word "email" to the help center and [email] in a drafted article', () => {
    expect(wordsOf('Mail ben.k+billing@north-wind.co.uk about it')).toEqual(['mail', 'email', 'about', 'it']);
    expect(wordsOf('(ops@acme.io) and x@y.z@w.q')).toEqual(['email', 'and', 'email', 'w', 'q']);
    expect(publicText('Please write to ben.k+billing@north-wind.co.uk.')).toBe('Please write to [email].');
  });

  it('is looked for in linear time: a 400,000-letter word takes milliseconds, not a scan from each letter', () => {
    // From each letter the old pattern scanned to the word's end looking for "@": 160 ms for 4,000
    // letters, so about half an hour for these. The bound tells the two apart with room for a loaded machine.
    const text = `charged twice ${'x'.repeat(400_000)}`;
    const started = performance.now();
    expect(wordsOf(text)).toHaveLength(3);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
