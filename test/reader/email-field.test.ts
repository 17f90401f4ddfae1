// The email address the reader takes from a message (src/reader/fields.ts): from its first letter or digit, to its
// last, not the dots or hyphens around it (which the shared EMAIL_ADDRESSES keeps, so it cannot serve the reader),
// and in linear time. The pattern it replaced, `\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b`, is the oracle: on every string
// the new one finds and takes out the same addresses.
import { describe, expect, it } from 'vitest';
import { extractFields, withoutFields } from '../../src/reader/fields.js';
import { EMAIL_ADDRESSES } from '../../src/email-address.js';
import { seededRandom } from '../../src/seeded-random.js';

const before = /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/;
const beforeAll = new RegExp(before.source, 'gi');

describe('the email field', () => {
  it.each([
    ['write to ...john@x.com please', 'john@x.com'],
    ['a@b.c- ok', 'a@b.c'],
    ['a@b.- then Bob@X.com', 'bob@x.com'],
    ['mail: -jane+ops@corp.io-', 'jane+ops@corp.io'],
    ['Ben.Carter@Northwind.example.', 'ben.carter@northwind.example'],
  ])('in %j is %s', (text, email) => {
    expect(extractFields(text).email).toBe(email);
  });

  it('takes every address out of the text, two run together too', () => {
    expect(withoutFields('from a@b.c+x@d.e, cc ...john@x.com.')).toBe('from   , cc ... .');
  });

  it('is not what the shared pattern would take (so the reader keeps its own)', () => {
    expect('write to ...john@x.com please'.match(EMAIL_ADDRESSES)).toEqual(['...john@x.com']);
    expect('a@b.- then bob@x.com'.match(EMAIL_ADDRESSES)?.[0]).toBe('a@b.-');
  });

  it('finds and takes out what the pattern it replaced did, on 20,000 strings of address characters and others', () => {
    const random = seededRandom(20261203);
    const alphabet = ['a', 'B', '7', '_', '.', '.', '+', '-', '-', '@', '@', ' ', ',', '(', 'é'];
    for (let n = 0; n < 20_000; n++) {
      const length = 1 + Math.floor(random() * 24);
      const text = Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      expect(extractFields(text).email, text).toBe(before.exec(text)?.[0].toLowerCase());
      // Only the email pattern can match in this alphabet (no invoice, order, workspace or error words).
      expect(withoutFields(text), text).toBe(text.replace(beforeAll, ' '));
    }
  });

  it('reads a 40,000-character run of dotted words in linear time (the old pattern took seconds)', () => {
    const text = `${'a.'.repeat(20_000)} and ${'-x'.repeat(20_000)}@`;
    const started = performance.now();
    extractFields(text);
    withoutFields(text);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
