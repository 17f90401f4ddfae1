// "thanks!", "ok 👍", "got it, cheers" in a ticket's thread close a conversation; answering them
// would start another turn and another reply. Anything with content beyond these words is a turn.

// Words that make a message a pleasantry on their own.
const closers = new Set([
  'thanks', 'thank', 'thx', 'ty', 'tysm', 'ok', 'okay', 'k', 'kk', 'cool', 'great', 'perfect',
  'awesome', 'cheers', 'noted', 'brilliant', 'lovely', 'nice', 'appreciated', 'appreciate', 'ta',
]);
// Words that may accompany a closer ("thank you so much", "got it", "sounds good").
const fillers = new Set([
  'you', 'so', 'much', 'a', 'lot', 'many', 'very', 'it', 'got', 'sounds', 'good', 'all', 'again',
  'that', 'works', 'will', 'do', 'super', 'really', 'for', 'the', 'help', 'and', 'great', 'man',
  // "great thanks for your help", "thanks for trying to help", "thanks for the quick reply"
  'your', 'trying', 'to', 'helping', 'assistance', 'support', 'quick', 'reply', 'response', 'time', 'everything',
]);

/** True when the text is only thanks/acknowledgement (emoji and punctuation aside). */
export function isPleasantry(text: string): boolean {
  const words = text
    .toLowerCase()
    .replace(/\[[a-z0-9 +'-]+\]/g, ' ') // emoji codes that markup.ts spelled out, e.g. "[raised hands]"
    .replace(/[^\p{L}\p{N}\s']/gu, ' ') // punctuation and emoji characters
    .replace(/'/g, '')
    .split(/\s+/)
    .filter(Boolean);
  // Only emoji ("🙏", "👍") is a pleasantry; "??" is a customer waiting for an answer.
  if (words.length === 0) return /\p{Extended_Pictographic}/u.test(text) && !text.includes('?');
  if (words.length > 8) return false;
  // A question beyond a bare "ok?" chases something: "ok and your response?" waits for a reply, whose words alone
  // ("your", "response") would pass as a thanks's ("thanks for your quick response").
  if (text.includes('?') && !words.every((w) => closers.has(w))) return false;
  return words.some((w) => closers.has(w)) && words.every((w) => closers.has(w) || fillers.has(w));
}
