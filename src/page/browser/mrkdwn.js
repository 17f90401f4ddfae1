// Slack mrkdwn → DOM: *bold*, _italic_, ~strike~, `code`, line breaks, <@user> mentions,
// <#channel|name>, <!date^…|fallback>, <url|label> links and :emoji: codes; &amp; &lt; &gt; decoded.
import { h } from './dom.js';

const emoji = {
  eyes: '👀', white_check_mark: '✅', warning: '⚠️', raising_hand: '🙋', pray: '🙏', confused: '😕', ticket: '🎫', leftwards_arrow_with_hook: '↩️',
  tada: '🎉', wave: '👋', '+1': '👍', thumbsup: '👍', heavy_check_mark: '✔️', x: '❌', rotating_light: '🚨',
};
const formats = { '*': 'strong', _: 'em', '~': 's' };
// A marker opens after a non-word character and closes before one, so cust_ben stays as it is.
const inlinePattern = /`([^`\n]+)`|(?<![\p{L}\p{N}])([*_~])(?=\S)(.+?)(?<=\S)\2(?![\p{L}\p{N}])/u;

/** @param {{ userName: (id: string) => string, linkHref?: (url: string) => string }} ctx */
export function mrkdwn(text, ctx) {
  const out = document.createDocumentFragment();
  const tokens = String(text ?? '').split(/(<[^<>\n]+>)/);
  for (const token of tokens) {
    if (!token) continue;
    if (token.startsWith('<') && token.endsWith('>')) out.append(special(token.slice(1, -1), ctx));
    else inline(decode(token), out);
  }
  return out;
}

export function emojiFor(name) {
  return emoji[name] ?? `:${name}:`;
}

function special(body, ctx) {
  const [target, label] = splitOnce(body, '|');
  if (target.startsWith('@')) return h('span', { class: 'mention' }, `@${label ? decode(label) : ctx.userName(target.slice(1))}`);
  if (target.startsWith('#')) return h('span', { class: 'mention' }, `#${label ? decode(label) : target.slice(1)}`);
  if (target.startsWith('!date^')) return slackDate(target, label);
  if (target.startsWith('!')) return h('span', { class: 'mention' }, `@${target.slice(1).split('^')[0]}`);
  const url = decode(target);
  if (!/^(https?:|mailto:)/i.test(url)) return document.createTextNode(decode(`<${body}>`));
  const href = ctx.linkHref ? ctx.linkHref(url) : url;
  const external = !href.startsWith('#');
  return h('a', { href, ...(external ? { rel: 'noopener noreferrer', target: '_blank' } : {}) }, label ? decode(label) : url);
}

/** <!date^1764079200^{date_short_pretty} {time}|fallback> in the reader's time zone. */
function slackDate(target, fallback) {
  const seconds = Number(target.split('^')[1]);
  if (!Number.isFinite(seconds)) return document.createTextNode(fallback ? decode(fallback) : target);
  const at = new Date(seconds * 1000);
  return h('time', { datetime: at.toISOString() }, formatDateTime(at));
}

/** As Slack does, in the reader's zone, which the channel's heading names once. */
function formatDateTime(date) {
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

function inline(text, parent) {
  let rest = text;
  while (rest) {
    const match = inlinePattern.exec(rest);
    if (!match) {
      plain(rest, parent);
      return;
    }
    plain(rest.slice(0, match.index), parent);
    if (match[1] !== undefined) parent.append(h('code', {}, match[1]));
    else {
      const el = h(formats[match[2]]);
      inline(match[3], el);
      parent.append(el);
    }
    rest = rest.slice(match.index + match[0].length);
  }
}

function plain(text, parent) {
  text.split('\n').forEach((line, i) => {
    if (i > 0) parent.append(h('br'));
    if (line) parent.append(line.replace(/:([a-z0-9_+-]+):/g, (code, name) => emoji[name] ?? code));
  });
}

function decode(text) {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function splitOnce(text, separator) {
  const i = text.indexOf(separator);
  return i < 0 ? [text, undefined] : [text.slice(0, i), text.slice(i + 1)];
}
