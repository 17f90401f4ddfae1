// A closing pleasantry: "thanks!", "ok 👍", "got it, cheers", "Danke schön", "merci beaucoup". One rule for the
// two places that ask: Slack decides with it whether a message in a ticket's thread starts a turn (answering
// "thanks!" would start another turn and another reply), and the reader marks a ticket's text as needing no
// new decision. Anything with content beyond these words is a request.

// Words that make a message a pleasantry on their own.
const closers = new Set([
  'thanks', 'thank', 'thx', 'ty', 'tysm', 'ok', 'okay', 'k', 'kk', 'cool', 'great', 'perfect', 'awesome', 'cheers',
  'noted', 'brilliant', 'lovely', 'nice', 'appreciated', 'appreciate', 'ta', 'super',
  // German, French, Spanish, Portuguese and Dutch, the languages the reader detects.
  'danke', 'dank', 'prima', 'passt', 'klar', 'merci', 'parfait', 'génial', 'daccord', 'gracias', 'perfecto', 'vale',
  'genial', 'obrigado', 'obrigada', 'perfeito', 'beleza', 'ótimo', 'bedankt', 'top', 'goed',
]);
// Words that may accompany a closer ("thank you so much", "got it", "sounds good", "vielen Dank", "dank je wel").
const fillers = new Set([
  'you', 'u', 'so', 'much', 'a', 'lot', 'many', 'very', 'it', 'got', 'sounds', 'good', 'all', 'again', 'that', 'works',
  'will', 'do', 'really', 'for', 'the', 'help', 'and', 'man',
  // "great thanks for your help", "thanks for trying to help", "thanks for the quick reply"
  'your', 'trying', 'to', 'helping', 'assistance', 'support', 'quick', 'reply', 'response', 'time', 'everything',
  'vielen', 'herzlichen', 'schön', 'sehr', 'alles', 'beaucoup', 'muchas', 'muito', 'je', 'wel', 'helemaal',
]);
// "thank you so much for all your help and for the quick reply" is as long as a pleasantry gets.
const mostWords = 12;

/** True when the text is only thanks or an acknowledgement (emoji and punctuation aside). */
export function isPleasantry(text: string): boolean {
  const words = text
    .toLowerCase()
    .replace(/\[[a-z0-9 +'-]+\]/g, ' ') // emoji codes spelled out from Slack's markup, e.g. "[raised hands]"
    .replace(/[^\p{L}\p{N}\s']/gu, ' ') // punctuation and emoji characters
    .replace(/'/g, '') // "d'accord", "thank's"
    .split(/\s+/)
    .filter(Boolean);
  // Only emoji ("🙏", "👍") is a pleasantry; "??" is a customer waiting for an answer.
  if (words.length === 0) return /\p{Extended_Pictographic}/u.test(text) && !text.includes('?');
  if (words.length > mostWords) return false;
  // A question beyond a bare "ok?" chases something: "ok and your response?" waits for a reply, whose words alone
  // ("your", "response") would pass as a thanks's ("thanks for your quick response").
  if (text.includes('?') && !words.every((w) => closers.has(w))) return false;
  return words.some((w) => closers.has(w)) && words.every((w) => closers.has(w) || fillers.has(w));
}
