// Imported HTML becomes reply text: sections kept as "## " headings, lists as lines, and nothing
// executable survives — scripts, styles, frames, event handlers, even when escaped or malformed.
import { describe, expect, it } from 'vitest';
import { htmlToText } from '../../src/knowledge/html-to-text.js';

describe('HTML to text', () => {
  it('keeps headings, lists, emphasis and entities as text', () => {
    expect(htmlToText('<h2>Steps</h2><ol><li>Open <b>Settings &gt; Billing</b></li><li>Click&nbsp;Export</li></ol><p>Done &amp; dusted.</p>')).toBe(
      '## Steps\n\n1. Open **Settings > Billing**\n2. Click Export\n\nDone & dusted.',
    );
    expect(htmlToText('<ul><li>One</li><li>Two</li></ul>')).toBe('- One\n- Two');
  });

  it('drops scripts, styles, frames and comments with their content', () => {
    const text = htmlToText(
      '<p>Hello</p><script>steal(document.cookie)</script><STYLE>p{}</STYLE><iframe src="x">frame</iframe><!-- secret --><noscript>nojs</noscript><p onclick="alert(1)">World</p>',
    );
    expect(text).toBe('Hello\n\nWorld');
  });

  it('never lets a script through by nesting, escaping or leaving it open', () => {
    // Split apart by removing the inner script, the outer one is left as harmless words, never a tag.
    expect(htmlToText('<scr<script>x</script>ipt>alert(1)</script>')).not.toMatch(/<\s*script/i);
    for (const html of [
      '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>',
      '<p>ok</p><script>never closed',
      '<p>&#60;script&#62;alert(1)&#60;/script&#62;</p>',
      '<svg><script>alert(1)</script></svg>',
    ]) {
      const text = htmlToText(html);
      expect(text, html).not.toMatch(/<\s*script/i);
      expect(text, html).not.toMatch(/alert\(1\)/);
    }
  });
});
