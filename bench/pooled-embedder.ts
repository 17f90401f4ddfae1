// Vectors for the scale runs. The model embeds about a hundred sentences a second on one core here,
// so a million memories cannot be embedded within a bench run: each memory instead takes the real
// model's vector of one of a pool of real support memories, picked by a hash of its text. A vector
// search's cost depends on how many vectors a scope holds and their size, not on what they say, so
// search latency is measured as it would be with every memory embedded. `source: 'model'` sends
// texts to the real model instead: the bench sets it while it times searches with their query
// embedding (no memory is written then).
import type { Embedder } from '../src/memory/embedder.js';

export interface PooledEmbedder extends Embedder {
  /** Where vectors come from: the pool (search cost alone) or the model (search with its embedding). */
  source: 'pool' | 'model';
}

function hashOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

export async function pooledEmbedder(model: Embedder, poolTexts: string[]): Promise<PooledEmbedder> {
  const pool = await model.embed(poolTexts);
  const pooled: PooledEmbedder = {
    model: model.model,
    dimensions: model.dimensions,
    source: 'pool',
    embed(texts, opts) {
      if (pooled.source === 'model') return model.embed(texts, opts);
      return Promise.resolve(texts.map((t) => pool[hashOf(t) % pool.length]!));
    },
  };
  return pooled;
}
