// The realistic run's Slack side, in a worker thread of the bench process: it posts the signed
// Events API bodies on the run's schedule and times each ack. On the bench's own thread the
// stand-ins (Web API, Gemini, Mem0) keep its event loop busy, and an ack that arrived in time would
// be read late there and counted as the bot's delay; here nothing else runs.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { deliver } from './bot-process.js';

export interface SendPlan {
  url: string;
  secret: string;
  /** Signed and posted in this order, body i at `at(i)` ms after the start. */
  bodies: string[];
  burst: number;
  burstMs: number;
  steadyMs: number;
}

export interface SendReport {
  /** Epoch ms of each send. */
  sentAt: number[];
  /** Each first delivery's ack time, ms. */
  acks: number[];
  /** Deliveries not acknowledged with 200 at the first try (Slack would redeliver them). */
  non200: number;
  t0: number;
  steadyEnd: number;
}

/** Runs the plan in a worker thread; resolves when every delivery (with its retries) was answered. */
export function sendInWorker(plan: SendPlan): Promise<SendReport> {
  return new Promise((resolve, reject) => {
    // tsx's loader does not reach worker threads by itself: the thread registers it, then loads this file.
    const entry = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); })`;
    const worker = new Worker(entry, { eval: true, workerData: plan });
    worker.once('message', (report: SendReport) => {
      resolve(report);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the senders' thread exited with ${code}`));
    });
  });
}

async function send(plan: SendPlan): Promise<SendReport> {
  const { bodies, burst, burstMs, steadyMs } = plan;
  const total = bodies.length;
  const steady = total - burst;
  // Send times, ms after the start: evenly spread inside each phase.
  const at = (i: number) => (i < burst ? (i * burstMs) / burst : burstMs + ((i - burst) * steadyMs) / Math.max(1, steady));
  const sentAt: number[] = new Array(total);
  const acks: number[] = [];
  let non200 = 0;
  const one = async (i: number) => {
    const body = bodies[i]!;
    sentAt[i] = Date.now();
    const t = performance.now();
    let status = await deliver(plan.url, plan.secret, { body });
    acks.push(performance.now() - t);
    for (let retry = 1; status !== 200 && retry <= 3; retry++) {
      non200++;
      status = await deliver(plan.url, plan.secret, { body, retryNum: retry });
    }
  };
  const t0 = Date.now();
  const sends: Promise<void>[] = [];
  for (let i = 0; i < total; ) {
    const wait = t0 + at(i) - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, Math.min(wait, 20)));
    // Everything due by now goes out (a timer tick late sends several at once, as a real burst does).
    while (i < total && t0 + at(i) <= Date.now()) sends.push(one(i++));
  }
  const steadyEnd = Date.now();
  await Promise.all(sends);
  return { sentAt, acks, non200, t0, steadyEnd };
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  void send(workerData as SendPlan).then((report) => port.postMessage(report));
}
