// A bare greeting: "hi", "HEY HO!", "good morning team", "hallo zusammen", "bonjour !", "hola, ¿qué tal?". It
// asks for nothing yet: the customer is answered with a friendly "how can I help?", and no person is handed a
// ticket that says nothing. Anything with content beyond these words is a request (or a pleasantry: pleasantry.ts).

// Words that make a message a greeting on their own, in the languages the reader detects.
const greetings = new Set([
  'hi', 'hello', 'hey', 'heya', 'hiya', 'heyo', 'yo', 'howdy', 'greetings', 'morning', 'afternoon', 'evening',
  'hallo', 'moin', 'servus', 'grüezi', 'bonjour', 'bonsoir', 'salut', 'coucou', 'hola', 'buenas', 'olá', 'ola', 'oi',
  'hoi', 'goedemorgen', 'goedemiddag', 'goedenavond',
]);
// Words that may come with one ("hey there", "good morning all", "hi, how are you?", "guten Tag", "buenos días",
// "bom dia", "hallo zusammen", "ça va ?").
const fillers = new Set([
  'ho', 'hi', 'there', 'team', 'all', 'everyone', 'everybody', 'folks', 'guys', 'yall', 'people', 'friends', 'support',
  'again', 'good', 'day', 'how', 'are', 'you', 'u', 'doing', 'today', 'whats', 'up', 'sup',
  'guten', 'tag', 'morgen', 'abend', 'zusammen', 'leute', 'wie', 'gehts', 'geht', 'es', 'ihnen', 'dir',
  'ça', 'ca', 'va', 'tout', 'le', 'monde', 'à', 'tous', 'buenos', 'días', 'dias', 'tardes', 'noches', 'qué', 'que',
  'tal', 'como', 'estás', 'estas', 'está', 'todos', 'bom', 'dia', 'boa', 'tarde', 'noite', 'tudo', 'bem', 'pessoal',
  'vai', 'dag', 'allemaal', 'hoe', 'gaat', 'het', 'met', 'je',
]);
// "good morning everyone, how are you doing today?" is as long as a greeting gets.
const mostWords = 10;

/** True when the text only greets (emoji and punctuation aside), whoever it names ("hi Dana"): `names` are the words of names it may greet. */
export function isGreeting(text: string, names: readonly string[] = []): boolean {
  const words = text
    .toLowerCase()
    .replace(/<@[a-z0-9]+>/g, ' ') // a Slack mention ("hey @memdesk")
    .replace(/[^\p{L}\p{N}\s']/gu, ' ')
    .replace(/'/g, '')
    .split(/\s+/)
    .filter(Boolean);
  if (words.length === 0 || words.length > mostWords) return false;
  const named = new Set(names.map((n) => n.toLowerCase()));
  // "heyyy", "hiii", "helloooo": a greeting drawn out.
  const word = (w: string) => w.replace(/(\p{L})\1+$/u, '$1');
  return words.some((w) => greetings.has(w) || greetings.has(word(w))) && words.every((w) => greetings.has(w) || greetings.has(word(w)) || fillers.has(w) || named.has(w));
}
