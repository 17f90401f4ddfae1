// The learned offline reader: issue types from a softmax-regression model over word and character
// n-grams (trained by `npm run train:reader`, weights in ./model), the language from a character
// n-gram model, and the severity, person-request, pleasantry, detail and field rules beside them.
import { readingIssueType, readingSchema, type Reader, type ReaderInput, type Reading } from '../core/reading.js';
import { detectLanguage } from './language.js';
import { loadLinearModel, type LinearModel } from './linear-model.js';
import { hasDetail } from './detail.js';
import { extractFields } from './fields.js';
import { modelDir } from './model-files.js';
import { asksForHuman } from './person-request.js';
import { isPleasantryOnly } from './pleasantry.js';
import { readSeverity } from './severity.js';

/**
 * From this probability on, the model's own security reading is a security signal, as the words
 * of an incident are; below it the guess alone could send a harmless question to a person.
 */
const securityGuessCounts = 0.6;

/** How much the newest message counts against the thread before it when both are read. */
const newestMessageWeight = 0.65;

/** The order of a reading's issue types: most likely first, ties by name. */
const moreLikely = (a: { type: string; confidence: number }, b: { type: string; confidence: number }) => b.confidence - a.confidence || a.type.localeCompare(b.type);

export class TrainedReader implements Reader {
  /** The model's labels as issue types, checked once here rather than on every read. */
  private readonly labelTypes: Reading['issue_type'][];

  private constructor(
    private readonly issueTypes: LinearModel,
    private readonly languages: LinearModel,
  ) {
    this.labelTypes = issueTypes.labels.map((label) => readingIssueType.parse(label));
  }

  /** Loads the committed weights (or another model folder, for experiments). */
  static load(dir: string = modelDir): TrainedReader {
    return new TrainedReader(loadLinearModel(dir, 'issue-type'), loadLinearModel(dir, 'language'));
  }

  /** The issue type `read({ text })` gives, without the severity, language, fields and zod around it. */
  issueType(text: string): Reading['issue_type'] {
    const probabilities = this.issueTypes.probabilities(text);
    let top = { type: this.labelTypes[0]!, confidence: probabilities[0]! };
    for (let i = 1; i < probabilities.length; i++) {
      const next = { type: this.labelTypes[i]!, confidence: probabilities[i]! };
      if (moreLikely(next, top) < 0) top = next;
    }
    return top.type;
  }

  read(input: ReaderInput): Reading {
    const thread = (input.thread ?? []).filter((message) => message.trim() !== '');
    const everything = [...thread, input.text].join('\n');
    const probabilities = this.issueTypes.probabilities(input.text);
    if (thread.length > 0) {
      // A short follow-up ("still broken") means what the thread means; the newest words still lead.
      const earlier = this.issueTypes.probabilities(thread.join('\n'));
      for (let i = 0; i < probabilities.length; i++) {
        probabilities[i] = newestMessageWeight * probabilities[i]! + (1 - newestMessageWeight) * earlier[i]!;
      }
    }
    const ranked = this.labelTypes
      .map((type, i) => ({ type, confidence: probabilities[i]! }))
      .sort(moreLikely);
    const top = ranked[0]!;
    return readingSchema.parse({
      issue_type: top.type,
      confidence: top.confidence,
      issue_types: ranked,
      severity: readSeverity(everything, top.type === 'security' && top.confidence >= securityGuessCounts),
      language: detectLanguage(this.languages, everything),
      fields: extractFields(everything),
      asks_for_human: asksForHuman(input.text),
      pleasantry_only: isPleasantryOnly(input.text),
      has_detail: hasDetail(everything),
    });
  }
}
