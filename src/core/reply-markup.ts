// A reply as Slack shows it. Help-center articles are Markdown, and so is what a model writes, but a
// Slack thread reads mrkdwn: `**Settings**` shows its four asterisks, an article's hard-wrapped lines
// break mid-sentence, and a table arrives as rows of pipes. The reply's Markdown becomes the mrkdwn
// Slack renders the same way: bold with single asterisks, a paragraph's wrapped lines joined, a table
// as one bullet a row. Code spans are left as they are.

/** A line that starts a block of its own: a list item, a quote, a table row, a code fence, a heading. */
const blockStart = /^\s*(?:[-*+•]\s|\d+[.)]\s|>|\||```|#{1,6}\s)/;
/** A quoted section's heading: a bold line of its own. */
const headingLine = /^\*[^*\n]+\*$/;
/** A line that ends a sentence, so the next line may start a new one on purpose. */
const sentenceEnd = /[.!?:]["')\]]*$/;

export function slackMarkup(text: string): string {
  return tables(joinWrappedLines(text))
    .split(/(`[^`\n]*`)/)
    .map((part, i) => (i % 2 ? part : boldOf(part)))
    .join('');
}

function boldOf(text: string): string {
  return text.replace(/\*\*(?=\S)([^*\n]+?)(?<=\S)\*\*/g, '*$1*').replace(/(?<![\p{L}\p{N}_])__(?=\S)([^_\n]+?)(?<=\S)__(?![\p{L}\p{N}_])/gu, '*$1*');
}

/** Lines a paragraph or list item was wrapped into, joined; a line break after a sentence's end stays. */
function joinWrappedLines(text: string): string {
  const out: string[] = [];
  let fenced = false;
  for (const line of text.split('\n')) {
    if (line.trimStart().startsWith('```')) fenced = !fenced;
    const prev = out.at(-1);
    const continues =
      !fenced &&
      prev !== undefined &&
      prev.trim() !== '' &&
      line.trim() !== '' &&
      !blockStart.test(line) &&
      !headingLine.test(prev.trim()) &&
      !prev.trimStart().startsWith('|') &&
      !prev.trimStart().startsWith('```') &&
      // A wrapped line: the previous one stops mid-sentence, or this one is indented under a list item or starts in lower case.
      (!sentenceEnd.test(prev.trimEnd()) || /^\s{2,}\S/.test(line) || /^\s*\p{Ll}/u.test(line));
    if (continues) out[out.length - 1] = `${prev.trimEnd()} ${line.trim()}`;
    else out.push(line);
  }
  return out.join('\n');
}

/** A Markdown table, one bullet a row: "• *Guests* — Free: 2; Pro: 10 per paid seat; Enterprise: unlimited". */
function tables(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const header = cells(lines[i]!);
    const rule = i + 1 < lines.length ? cells(lines[i + 1]!) : null;
    if (!header || !rule?.every((c) => /^:?-{3,}:?$/.test(c))) {
      out.push(lines[i]!);
      continue;
    }
    i += 1;
    while (i + 1 < lines.length && cells(lines[i + 1]!)) {
      const row = cells(lines[++i]!)!;
      const [first = '', ...rest] = row;
      const values = rest.map((value, k) => (header[k + 1] ? `${header[k + 1]}: ${value}` : value)).filter((v) => v.trim());
      out.push(`• ${first ? `*${first}*` : ''}${values.length ? `${first ? ' — ' : ''}${values.join('; ')}` : ''}`);
    }
  }
  return out.join('\n');
}

function cells(line: string): string[] | null {
  const t = line.trim();
  if (!t.startsWith('|') || !t.endsWith('|') || t.length < 2) return null;
  return t
    .slice(1, -1)
    .split('|')
    .map((c) => c.trim());
}
