// Which of the six supported languages a message is in, from a character n-gram model that also
// knows `other` (trained on languages memdesk does not answer in); anything the model is unsure
// of, or that is mostly written in another script, is `other` too. A message of a word or two
// ("hi", "ok", "no", "invoice?") says too little to tell a language by: the model reads "no" and
// "hello" as Spanish with full confidence. Such text is `none` (no language): it is answered in
// English, or in the language of the thread it continues (the thread is part of the text read).
import type { Reading } from '../core/reading.js';
import type { LinearModel } from './linear-model.js';

/** Under this calibrated probability the language is `other` (answered in English). */
const minimumConfidence = 0.6;

/** A two-word message is read as a foreign language only this sure ("Hilfe bitte", "Passwort vergessen"). */
const shortForeignConfidence = 0.9;

/** The opening characters say the language as well as the whole message does, at a fraction of the cost. */
const sampleLength = 600;

export function detectLanguage(model: LinearModel, message: string): Reading['language'] {
  const text = message.slice(0, sampleLength);
  const letters = text.match(/\p{L}/gu) ?? [];
  if (letters.length < 2) return 'none';
  const latin = letters.filter((letter) => /\p{Script=Latin}/u.test(letter)).length;
  if (latin / letters.length < 0.5) return 'other';
  const probabilities = model.probabilities(text);
  let best = 0;
  for (let i = 1; i < probabilities.length; i++) if (probabilities[i]! > probabilities[best]!) best = i;
  const language = model.labels[best] as Exclude<Reading['language'], 'none'>;
  const confidence = probabilities[best]!;
  const words = (text.match(/\p{L}+/gu) ?? []).length;
  if (words <= 2) {
    // Too short to be foreign on the model's word alone: English when the model reads English, a
    // supported language only for two words it is all but sure of, else no language at all.
    if (language === 'en' && confidence >= minimumConfidence) return 'en';
    if (words === 2 && language !== 'other' && confidence >= shortForeignConfidence) return language;
    return 'none';
  }
  if (confidence < minimumConfidence) return 'other';
  return language;
}
