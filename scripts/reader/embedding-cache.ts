// A cache of USE-lite sentence embeddings for the cascade experiment (scripts/reader-cascade.ts):
// texts are embedded once with the product's own embedder and kept in a directory outside git
// (one Float32 file and one JSONL file of texts, appended chunk by chunk so a long run can resume).
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sentenceEmbedder } from '../../src/memory/sentence-embedder.js';

const DIMENSIONS = 512;
const CHUNK = 1024;

export class EmbeddingCache {
  private readonly vectors = new Map<string, Float32Array>();
  private readonly embedder = sentenceEmbedder();

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    const textsFile = join(dir, 'texts.jsonl');
    if (!existsSync(textsFile)) return;
    const texts = readFileSync(textsFile, 'utf8').split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as string);
    const bytes = readFileSync(join(dir, 'vectors.f32'));
    const all = new Float32Array(bytes.byteLength / 4);
    new Uint8Array(all.buffer).set(bytes);
    const complete = Math.min(texts.length, all.length / DIMENSIONS);
    for (let i = 0; i < complete; i++) this.vectors.set(texts[i]!, all.subarray(i * DIMENSIONS, (i + 1) * DIMENSIONS));
  }

  get(text: string): Float32Array | undefined {
    return this.vectors.get(text);
  }

  /** Embeds every text not yet cached, saving after each chunk. */
  async fill(texts: readonly string[], log: (line: string) => void = () => {}): Promise<void> {
    const missing = [...new Set(texts)].filter((t) => !this.vectors.has(t));
    const started = process.cpuUsage();
    for (let i = 0; i < missing.length; i += CHUNK) {
      const chunk = missing.slice(i, i + CHUNK);
      const vectors = await this.embedder.embed(chunk);
      const flat = new Float32Array(chunk.length * DIMENSIONS);
      vectors.forEach((v, j) => {
        flat.set(v, j * DIMENSIONS);
        this.vectors.set(chunk[j]!, flat.subarray(j * DIMENSIONS, (j + 1) * DIMENSIONS));
      });
      appendFileSync(join(this.dir, 'vectors.f32'), new Uint8Array(flat.buffer));
      appendFileSync(join(this.dir, 'texts.jsonl'), chunk.map((t) => `${JSON.stringify(t)}\n`).join(''));
      const cpu = process.cpuUsage(started);
      log(`embedded ${Math.min(i + CHUNK, missing.length)} / ${missing.length} (CPU ${((cpu.user + cpu.system) / 1e6).toFixed(0)} s)`);
    }
  }
}
