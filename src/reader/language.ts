// Which of the six supported languages a message is in, from a character n-gram model that also
// knows `other` (trained on languages memdesk does not answer in); anything the model is unsure
// of, or that is mostly written in another script, is `other` too.
import type { Reading } from '../core/reading.js';
import type { LinearModel } from './linear-model.js';

/** Under this calibrated probability the language is `other` (answered in English). */
const minimumConfidence = 0.6;

/** The opening characters say the language as well as the whole message does, at a fraction of the cost. */
const sampleLength = 600;

export function detectLanguage(model: LinearModel, message: string): Reading['language'] {
  const text = message.slice(0, sampleLength);
  const letters = text.match(/\p{L}/gu) ?? [];
  if (letters.length < 2) return 'other';
  const latin = letters.filter((letter) => /\p{Script=Latin}/u.test(letter)).length;
  if (latin / letters.length < 0.5) return 'other';
  const probabilities = model.probabilities(text);
  let best = 0;
  for (let i = 1; i < probabilities.length; i++) if (probabilities[i]! > probabilities[best]!) best = i;
  if (probabilities[best]! < minimumConfidence) return 'other';
  return model.labels[best] as Reading['language'];
}
