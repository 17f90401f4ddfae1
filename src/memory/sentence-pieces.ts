// Splits text into the pieces of a SentencePiece unigram vocabulary (USE-lite's 8,000, see
// static-embedder.ts): the split whose pieces' log-probabilities sum highest (Viterbi), a word's start
// marked by "▁" as SentencePiece does. A character no piece starts with is the unknown piece (0).
// Written here rather than taken from @energetic-ai/embeddings, whose tokenizer is not exported and
// whose module loads TensorFlow.js.

const WORD_START = '\u2581';
/** Score of a character no piece covers: below every real piece, so a known piece always wins. */
const UNKNOWN_SCORE = -20;

interface Node {
  children: Map<string, Node>;
  /** The piece ending here, if one does. */
  piece?: number;
}

export class SentencePieces {
  private readonly root: Node = { children: new Map() };
  private readonly scores: Float64Array;

  /** `pieces[i]` is piece i and its log-probability; the first `reserved` are control pieces, never matched. */
  constructor(pieces: readonly (readonly [string, number])[], reserved: number) {
    this.scores = Float64Array.from(pieces, ([, s]) => s);
    for (let i = reserved; i < pieces.length; i++) {
      let node = this.root;
      for (const ch of pieces[i]![0]) {
        let next = node.children.get(ch);
        if (!next) {
          next = { children: new Map() };
          node.children.set(ch, next);
        }
        node = next;
      }
      node.piece = i;
    }
  }

  /** Piece ids of `text`, in order. */
  encode(text: string): number[] {
    const normalized = text.normalize('NFKC');
    if (normalized.length === 0) return [];
    const chars = Array.from(WORD_START + normalized.replace(/ /g, WORD_START));
    const n = chars.length;
    const best = new Float64Array(n + 1).fill(Number.NEGATIVE_INFINITY);
    const piece = new Int32Array(n + 1);
    const from = new Int32Array(n + 1);
    best[0] = 0;
    for (let i = 0; i < n; i++) {
      if (best[i] === Number.NEGATIVE_INFINITY) continue;
      let node: Node | undefined = this.root;
      let matched = false;
      for (let j = i; j < n && node; j++) {
        node = node.children.get(chars[j]!);
        if (node?.piece !== undefined) {
          matched = true;
          const score = best[i]! + this.scores[node.piece]!;
          if (score > best[j + 1]!) {
            best[j + 1] = score;
            piece[j + 1] = node.piece;
            from[j + 1] = i;
          }
        }
      }
      if (!matched && best[i]! + UNKNOWN_SCORE > best[i + 1]!) {
        best[i + 1] = best[i]! + UNKNOWN_SCORE;
        piece[i + 1] = 0;
        from[i + 1] = i;
      }
    }
    const out: number[] = [];
    for (let at = n; at > 0; at = from[at]!) {
      // Runs of unknown characters are one unknown piece, as in SentencePiece.
      if (piece[at] === 0 && out[out.length - 1] === 0) continue;
      out.push(piece[at]!);
    }
    return out.reverse();
  }
}
