// Imported help-center articles arrive as HTML (Zendesk, Intercom, saved pages). They are turned into
// the Markdown-like text memdesk quotes in replies: headings become "## " sections (so passages split
// where the article's sections are), lists become "- " and "1. " lines, and everything else is text.
// Scripts, styles, embedded frames and comments are dropped with their content: they never reach a reply.

const dropWithContent = /<(script|style|noscript|iframe|object|embed|template|svg|math|head|title|form|select|button)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
/** An opening tag of those kinds that is never closed hides everything after it. */
const unclosedDangerous = /<(script|style|noscript|iframe|object|embed|template)\b[\s\S]*$/i;

const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—', hellip: '…', rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“', copy: '©', reg: '®', trade: '™', middot: '·', bull: '•', euro: '€' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, code: string) => {
    if (code[0] === '#') {
      const n = code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
      return n > 0 && n <= 0x10ffff && !(n >= 0xd800 && n <= 0xdfff) ? String.fromCodePoint(n) : '';
    }
    return named[code.toLowerCase()] ?? whole;
  });
}

export function htmlToText(html: string): string {
  let s = html.replace(/<!--[\s\S]*?(?:-->|$)/g, '').replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
  // Repeat until stable, so nesting tricks like <scr<script></script>ipt> cannot reassemble a script.
  for (let previous = ''; previous !== s; ) {
    previous = s;
    s = s.replace(dropWithContent, ' ');
  }
  s = s.replace(unclosedDangerous, '');
  s = s
    .replace(/<h[1-3]\b[^>]*>([\s\S]*?)<\/h[1-3]\s*>/gi, (_m, t: string) => `\n\n## ${t.replace(/<[^>]*>/g, '').trim()}\n\n`)
    .replace(/<h[4-6]\b[^>]*>([\s\S]*?)<\/h[4-6]\s*>/gi, (_m, t: string) => `\n\n**${t.replace(/<[^>]*>/g, '').trim()}**\n\n`)
    .replace(/<ol\b[^>]*>([\s\S]*?)<\/ol\s*>/gi, (_m, inner: string) => {
      let n = 0;
      return `\n${inner.replace(/<li\b[^>]*>/gi, () => `\n${++n}. `)}\n`;
    })
    .replace(/<li\b[^>]*>/gi, '\n- ')
    .replace(/<(br|hr)\b[^>]*\/?>/gi, '\n')
    .replace(/<\/?(p|div|section|article|ul|ol|table|tr|blockquote|pre|h\d)\b[^>]*>/gi, '\n')
    .replace(/<\/?(td|th)\b[^>]*>/gi, ' ')
    .replace(/<\/?(strong|b)\b[^>]*>/gi, '**')
    .replace(/<\/?code\b[^>]*>/gi, '`')
    .replace(/<[^>]*>/g, '')
    // A stray "<" that opens no tag (e.g. "<script" cut short) must not survive either.
    .replace(/<\s*\/?\s*(script|style|iframe)\b[^\n]*/gi, '');
  s = decodeEntities(s);
  // Text that was escaped in the HTML ("&lt;script&gt;") is shown, but never as a working tag.
  s = s.replace(/<\s*(script|style|iframe)\b[\s\S]*?<\s*\/\s*\1\s*>/gi, '').replace(/<\s*\/?\s*(script|style|iframe)\b[^>]*>/gi, '');
  return s
    .replace(/\*\*\s*\*\*/g, '')
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
