// Slack text in both directions: incoming mrkdwn becomes plain text for the decision (the model and
// the policy engine should read "@Dana" and "invoice (https://…)", not "<@U0DANA>"), and outgoing
// text is escaped so a customer-supplied "<" or "&" can never turn into a mention or a broken link.

/** A few common emoji as characters; any other `:code:` becomes its words, e.g. "[money with wings]". */
const emojiCharacters: Record<string, string> = {
  '+1': '👍',
  thumbsup: '👍',
  '-1': '👎',
  thumbsdown: '👎',
  smile: '😄',
  slightly_smiling_face: '🙂',
  grinning: '😀',
  joy: '😂',
  wink: '😉',
  pray: '🙏',
  rage: '😡',
  angry: '😠',
  cry: '😢',
  sob: '😭',
  disappointed: '😞',
  confused: '😕',
  white_check_mark: '✅',
  heavy_check_mark: '✔️',
  x: '❌',
  warning: '⚠️',
  heart: '❤️',
  tada: '🎉',
  fire: '🔥',
  eyes: '👀',
  rotating_light: '🚨',
  moneybag: '💰',
};

// `:name:` with an optional `::skin-tone-N:`. Names start with a letter (or are +1/-1/100) so that
// "10:30:45" stays a time.
const emojiCode = /:(\+1|-1|100|[a-z][a-z0-9_+'-]*):(?::skin-tone-\d:)?/g;

export interface PlainTextOptions {
  /** Display name for a user id, when the caller can look it up (the directory). */
  userName?: (slackUserId: string) => string | undefined;
}

/** Slack mrkdwn (as received in events) → plain text for the decision. */
export function toPlainText(mrkdwn: string, options: PlainTextOptions = {}): string {
  const withoutMarkup = mrkdwn.replace(/<([^<>]*)>/g, (_whole, inner: string) => {
    const [target = '', label] = splitLabel(inner);
    if (target.startsWith('@')) {
      const id = target.slice(1);
      return `@${label ?? options.userName?.(id) ?? id}`;
    }
    if (target.startsWith('#')) return `#${label ?? target.slice(1)}`;
    if (target.startsWith('!')) return specialMention(target.slice(1), label);
    if (target.startsWith('mailto:')) return label ?? target.slice('mailto:'.length);
    // A link: keep the address next to its label, since the decision may need the URL itself.
    return label && label !== target ? `${label} (${target})` : target;
  });
  return unescapeEntities(withoutMarkup.replace(emojiCode, (_w, name: string) => emojiAsText(name)))
    .replace(/[ \t]+/g, ' ')
    .trim();
}

/** Plain text → safe mrkdwn: only `&`, `<` and `>` are control characters in Slack text. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A user mention that Slack renders as the person's name (ids are never user input here). */
export function mentionUser(slackUserId: string): string {
  return `<@${slackUserId}>`;
}

function splitLabel(inner: string): [string, string | undefined] {
  const bar = inner.indexOf('|');
  if (bar === -1) return [inner, undefined];
  return [inner.slice(0, bar), inner.slice(bar + 1) || undefined];
}

function specialMention(command: string, label: string | undefined): string {
  // <!here>, <!channel>, <!everyone>, <!subteam^S123|@team>, <!date^…|fallback text>
  if (label) return label;
  const name = command.split('^')[0] ?? command;
  return `@${name}`;
}

function emojiAsText(name: string): string {
  return emojiCharacters[name] ?? `[${name.replace(/[_-]+/g, ' ')}]`;
}

function unescapeEntities(text: string): string {
  // &amp; last, so "&amp;lt;" (a literal "&lt;" typed by the user) decodes once, not twice.
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
