// A static sentence embedder distilled from USE-lite (sentence-embedder.ts): one vector per piece of
// USE-lite's own SentencePiece vocabulary, and a text's vector is the unit-length sum of its pieces'
// vectors (plus a learned offset), less part of the direction all texts share. No network, no thread: embedding a sentence is a few table lookups
// (microseconds), where USE-lite takes 10–90 ms of CPU. `npm run fit:static-embedder`
// (scripts/fit-static-embedder.ts) fits the table so that this sum points where USE-lite's vector of
// the same sentence does, on public support text and everyday English that is not an eval set, and writes
// static-embedder.bin beside this file.
//
// The file: "MDSE", a uint32 (little-endian) byte length, that many bytes of JSON header
// ({ format, dimensions, reserved, pieces: [piece, log-probability][], offset: number[], common:
// number[], commonWeight: number }), then one
// float32 scale per piece, then pieces × dimensions int8 (a piece's vector is its int8 row × its scale).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { memdeskError } from '../errors.js';
import { type Embedder, unitLength } from './embedder.js';
import { SentencePieces } from './sentence-pieces.js';

export const STATIC_TABLE_PATH = new URL('./static-embedder.bin', import.meta.url).pathname;
const MAGIC = 'MDSE';
const FORMAT = 1;

export interface StaticTable {
  dimensions: number;
  /** Control pieces at the start of `pieces`, never produced by the tokenizer except 0 (unknown). */
  reserved: number;
  pieces: [string, number][];
  /** Added to every sum before it is made unit-length. */
  offset: Float32Array;
  /**
   * The direction every text's vector shares (unit length), and how much of it is taken out of each:
   * sums of piece vectors lean towards it more than the teacher's vectors do, which made unrelated
   * texts look closer (mean similarity of unrelated sentences 0.35 against the teacher's 0.26).
   */
  common: Float32Array;
  commonWeight: number;
  /** One per piece. */
  scales: Float32Array;
  /** pieces × dimensions. */
  vectors: Int8Array;
}

export function encodeStaticTable(table: StaticTable): Buffer {
  const header = Buffer.from(
    JSON.stringify({
      format: FORMAT,
      dimensions: table.dimensions,
      reserved: table.reserved,
      pieces: table.pieces,
      offset: Array.from(table.offset),
      common: Array.from(table.common),
      commonWeight: table.commonWeight,
    }),
    'utf8',
  );
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length);
  return Buffer.concat([
    Buffer.from(MAGIC, 'latin1'),
    length,
    header,
    Buffer.from(table.scales.buffer, table.scales.byteOffset, table.scales.byteLength),
    Buffer.from(table.vectors.buffer, table.vectors.byteOffset, table.vectors.byteLength),
  ]);
}

function invalid(path: string, why: string, cause?: unknown) {
  return memdeskError(
    'file_invalid',
    `${path}: not a static embedding table (${why}); regenerate it with \`npm run fit:static-embedder\`, or set MEMORY_EMBEDDER=use-lite`,
    cause === undefined ? undefined : { cause },
  );
}

export function decodeStaticTable(bytes: Buffer, path: string): StaticTable {
  if (bytes.length < 8 || bytes.toString('latin1', 0, 4) !== MAGIC) throw invalid(path, 'it does not start with MDSE');
  const headerLength = bytes.readUInt32LE(4);
  if (8 + headerLength > bytes.length) throw invalid(path, 'its header is cut short');
  let header: { format?: unknown; dimensions?: unknown; reserved?: unknown; pieces?: unknown; offset?: unknown; common?: unknown; commonWeight?: unknown };
  try {
    header = JSON.parse(bytes.toString('utf8', 8, 8 + headerLength));
  } catch (err) {
    throw invalid(path, 'its header is not JSON', err);
  }
  const { format, dimensions, reserved, pieces, offset, common, commonWeight } = header;
  if (format !== FORMAT) throw invalid(path, `format ${String(format)}, expected ${FORMAT}`);
  if (typeof dimensions !== 'number' || !Number.isInteger(dimensions) || dimensions <= 0) throw invalid(path, 'no dimensions');
  if (typeof reserved !== 'number' || !Array.isArray(pieces) || !pieces.every((p) => Array.isArray(p) && typeof p[0] === 'string' && typeof p[1] === 'number')) {
    throw invalid(path, 'no vocabulary');
  }
  if (!Array.isArray(offset) || offset.length !== dimensions) throw invalid(path, 'no offset');
  if (!Array.isArray(common) || common.length !== dimensions || typeof commonWeight !== 'number') throw invalid(path, 'no common direction');
  const start = 8 + headerLength;
  const expected = start + pieces.length * 4 + pieces.length * dimensions;
  if (bytes.length !== expected) throw invalid(path, `${bytes.length} bytes where ${pieces.length} pieces × ${dimensions} dimensions take ${expected}`);
  // Copied out: the file's buffer need not be aligned for a Float32Array.
  const scales = new Float32Array(pieces.length);
  Buffer.from(scales.buffer).set(bytes.subarray(start, start + pieces.length * 4));
  const vectors = new Int8Array(pieces.length * dimensions);
  Buffer.from(vectors.buffer).set(bytes.subarray(start + pieces.length * 4));
  return {
    dimensions,
    reserved,
    pieces: pieces as [string, number][],
    offset: Float32Array.from(offset as number[]),
    common: Float32Array.from(common as number[]),
    commonWeight,
    scales,
    vectors,
  };
}

export function readStaticTable(path: string): { table: StaticTable; digest: string } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw invalid(path, `cannot read it: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, err);
  }
  return { table: decodeStaticTable(bytes, path), digest: createHash('sha256').update(bytes).digest('hex').slice(0, 12) };
}

/** The unit-length vector of `text` under `table`, with `pieces` its tokenizer. */
export function embedStatic(table: StaticTable, pieces: SentencePieces, text: string): Float32Array {
  const { dimensions, scales, vectors } = table;
  const sum = Float32Array.from(table.offset);
  for (const id of pieces.encode(text)) {
    const scale = scales[id]!;
    const row = id * dimensions;
    for (let d = 0; d < dimensions; d++) sum[d]! += scale * vectors[row + d]!;
  }
  const v = unitLength(sum);
  const { common, commonWeight } = table;
  let along = 0;
  for (let d = 0; d < dimensions; d++) along += v[d]! * common[d]!;
  for (let d = 0; d < dimensions; d++) v[d]! -= commonWeight * along * common[d]!;
  return unitLength(v);
}

/**
 * The static embedder over the table at `path` (read now: a missing or broken file is a `file_invalid`
 * naming it). Its model name carries the table's digest, so a refitted table re-embeds stored memories.
 */
export function staticEmbedder(path: string = STATIC_TABLE_PATH): Embedder {
  const { table, digest } = readStaticTable(path);
  const pieces = new SentencePieces(table.pieces, table.reserved);
  return {
    model: `static-use-lite-${table.dimensions}-${digest}`,
    dimensions: table.dimensions,
    embed: (texts) => Promise.resolve(texts.map((t) => embedStatic(table, pieces, t))),
  };
}
