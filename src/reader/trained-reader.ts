// The learned offline reader: issue types from a softmax-regression model over word and character
// n-grams (trained by `npm run train:reader`, weights in ./model), the language from a character
// n-gram model, and the severity, person-request, unsolved, self-serve, pleasantry, detail and field rules beside them.
// With a sentence embedder, an unsure English reading gets a second opinion from an embedding model.
import { earlierMessages, readingIssueType, readingSchema, type Reader, type ReaderInput, type Reading } from '../core/reading.js';
import type { Embedder } from '../memory/embedder.js';
import { loadEmbeddingModel, type EmbeddingModel } from './embedding-model.js';
import { detectLanguage } from './language.js';
import { loadLinearModel, type LinearModel } from './linear-model.js';
import { hasDetail } from './detail.js';
import { extractFields, withoutFields } from './fields.js';
import { modelDir } from './model-files.js';
import { asksForHuman } from './person-request.js';
import { isPleasantry } from '../core/pleasantry.js';
import { namesSecurityIncident, readSeverity, withoutImpactWords } from './severity.js';
import { asksSelfServe, reportsChargeProblem } from './self-serve.js';
import { asksForDiscount } from './discount-request.js';
import { saysUnsolved, withoutUnsolvedWords } from './unsolved.js';

/**
 * From this probability on, the model's own security reading is a security signal, as the words
 * of an incident are; below it the guess alone could send a harmless question to a person.
 */
const securityGuessCounts = 0.6;

/** How much the newest message counts against the thread before it when both are read. */
const newestMessageWeight = 0.65;

/** A short follow-up ("still broken") means what the thread means; the newest words still lead. */
function withThread(newest: Float64Array, earlier: ArrayLike<number>): Float64Array {
  for (let i = 0; i < newest.length; i++) newest[i] = newestMessageWeight * newest[i]! + (1 - newestMessageWeight) * earlier[i]!;
  return newest;
}

/**
 * The second opinion (DATA.md, "a second opinion from sentence embeddings"), chosen on the odd rows
 * of the development set among the settings that pass every decision scenario: under this n-gram
 * confidence an English message is embedded (18% of real messages, 4.3% of the reader bench's). At 0.9
 * it was half of real messages, which put the bench's reader p95 at 50–70 ms, over its 15 ms goal...
 */
const secondOpinionBand = 0.6;
/** ...and its embedding model's probabilities count this much in the blend... */
const secondOpinionWeight = 0.5;
/** ...when that model is itself at least this sure (an unsure second opinion only adds noise)... */
const secondOpinionMinConfidence = 0.5;
/**
 * ...and when the type it leads to is one of the n-gram model's three best guesses: the second
 * opinion decides between readings the first found plausible, it does not bring in one the first
 * all but ruled out (an office move read as an outage, at 0.95, when the n-gram model put outage
 * fourth at 0.06, would be escalated at an outage's priority instead of handed over as unclear).
 */
const secondOpinionCandidates = 3;

/** The order of a reading's issue types: most likely first, ties by name. */
const moreLikely = (a: { type: string; confidence: number }, b: { type: string; confidence: number }) => b.confidence - a.confidence || a.type.localeCompare(b.type);

/** How a second opinion is taken: its weight in the blend, and how many of the first reading's best types it may choose from. */
export interface Blend {
  weight: number;
  candidates: number;
}

/**
 * The n-gram reading with a second model's probabilities (in `labels` order) blended in at
 * `blend.weight`: re-ranked, and its severity read again for the new top type; or the first reading
 * unchanged when the blend's top type is not among its `blend.candidates` best. `everything` is the text read.
 */
export function blendedReading(first: Reading, second: ArrayLike<number>, labels: readonly string[], blend: Blend, everything: string): Reading {
  const { weight, candidates } = blend;
  const ranked = first.issue_types
    .map(({ type, confidence }) => ({ type, confidence: (1 - weight) * confidence + weight * second[labels.indexOf(type)]! }))
    .sort(moreLikely);
  const top = ranked[0]!;
  if (!first.issue_types.slice(0, candidates).some(({ type }) => type === top.type)) return first;
  return readingSchema.parse({
    ...first,
    issue_type: top.type,
    confidence: top.confidence,
    issue_types: ranked,
    severity: readSeverity(everything, top.type === 'security' && top.confidence >= securityGuessCounts),
  });
}

/**
 * A request for the customer's own records (a statement, invoices, receipts, its billing history) that reports nothing
 * gone wrong ("I need a bank statement for our auditors", asks_self_serve) is not a security incident unless its words
 * name one: the model leans to security on "bank" and "statement" alone, learnt from frozen accounts and withdrawals
 * nobody made "on my statement". Read then as what it is when it is not security: that type's probability is taken out
 * and the others scaled back to one.
 */
const billingRecords = /\b(?:statements?|invoices?|receipts?|(?:billing|payment|transaction) history)\b/i;
function withoutWordSecurity(probabilities: Float64Array, labels: readonly Reading['issue_type'][], text: string): void {
  const security = labels.indexOf('security');
  if (security < 0 || namesSecurityIncident(text)) return;
  if (!probabilities.every((p, i) => i === security || p <= probabilities[security]!)) return;
  const rest = 1 - probabilities[security]!;
  if (rest <= 0) return;
  probabilities[security] = 0;
  for (let i = 0; i < probabilities.length; i++) probabilities[i] = probabilities[i]! / rest;
}

export class TrainedReader implements Reader {
  /** The model's labels as issue types, checked once here rather than on every read. */
  private readonly labelTypes: Reading['issue_type'][];

  /** Present only with a second opinion: the Reader port's optional slower reading. */
  readonly reconsider?: (input: ReaderInput, first: Reading) => Promise<Reading>;

  private constructor(
    private readonly issueTypes: LinearModel,
    private readonly languages: LinearModel,
    secondOpinion?: { model: EmbeddingModel; embedder: Embedder },
  ) {
    this.labelTypes = issueTypes.labels.map((label) => readingIssueType.parse(label));
    if (secondOpinion) this.reconsider = (input, first) => this.withSecondOpinion(input, first, secondOpinion);
  }

  /**
   * Loads the committed weights (or another model folder, for experiments). With an embedder, the
   * embedding model is loaded too; the embedder itself loads its model on the first unsure message.
   */
  static load(dir: string = modelDir, opts: { embedder?: Embedder } = {}): TrainedReader {
    const secondOpinion = opts.embedder ? { model: loadEmbeddingModel(dir), embedder: opts.embedder } : undefined;
    if (secondOpinion && secondOpinion.model.embedder !== secondOpinion.embedder.model) {
      throw new Error(`the reader's embedding model reads ${secondOpinion.model.embedder} vectors, not ${secondOpinion.embedder.model}`);
    }
    return new TrainedReader(loadLinearModel(dir, 'issue-type'), loadLinearModel(dir, 'language'), secondOpinion);
  }

  requestWords(text: string): string {
    return withoutFields(withoutImpactWords(withoutUnsolvedWords(text)));
  }

  /**
   * The issue type `read({ text })` gives, without the severity, language, fields and zod around it: the same
   * probabilities and the same rule over them, so a remembered message is typed as it was read (a request for a bank
   * statement was read as billing and remembered as security before both went through `typeProbabilities`).
   */
  issueType(text: string): Reading['issue_type'] {
    const probabilities = this.typeProbabilities(text, [], text);
    let top = { type: this.labelTypes[0]!, confidence: probabilities[0]! };
    for (let i = 1; i < probabilities.length; i++) {
      const next = { type: this.labelTypes[i]!, confidence: probabilities[i]! };
      if (moreLikely(next, top) < 0) top = next;
    }
    return top.type;
  }

  /** The issue types' probabilities, in `labelTypes` order: the newest message's, blended with the thread's, and the reading rules over them. */
  private typeProbabilities(text: string, thread: readonly string[], everything: string): Float64Array {
    const newest = this.issueTypes.probabilities(text);
    const probabilities = thread.length > 0 ? withThread(newest, this.issueTypes.probabilities(thread.join('\n'))) : newest;
    if (asksSelfServe(text) && billingRecords.test(text)) withoutWordSecurity(probabilities, this.labelTypes, everything);
    return probabilities;
  }

  /**
   * p = (1 − w)·p_ngram + w·p_embed for an unsure English reading (the embedder is an English model:
   * it reads other languages as noise). Deterministic: the same message gives the same vector.
   */
  private async withSecondOpinion(input: ReaderInput, first: Reading, second: { model: EmbeddingModel; embedder: Embedder }): Promise<Reading> {
    if (first.confidence >= secondOpinionBand || first.language !== 'en') return first;
    const thread = earlierMessages(input);
    const texts = thread.length > 0 ? [input.text, thread.join('\n')] : [input.text];
    const [newest, earlier] = (await second.embedder.embed(texts)).map((vector) => second.model.probabilities(vector));
    const embedded = earlier ? withThread(newest!, earlier) : newest!;
    if (Math.max(...embedded) < secondOpinionMinConfidence) return first;
    return blendedReading(first, embedded, second.model.labels, { weight: secondOpinionWeight, candidates: secondOpinionCandidates }, [...thread, input.text].join('\n'));
  }

  read(input: ReaderInput): Reading {
    const thread = earlierMessages(input);
    const everything = [...thread, input.text].join('\n');
    const probabilities = this.typeProbabilities(input.text, thread, everything);
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
      says_unsolved: saysUnsolved(input.text),
      asks_self_serve: asksSelfServe(input.text),
      reports_money_problem: reportsChargeProblem(everything),
      asks_discount: asksForDiscount(input.text),
      pleasantry_only: isPleasantry(input.text),
      has_detail: hasDetail(everything),
    });
  }
}
