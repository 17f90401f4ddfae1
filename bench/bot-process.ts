// memdesk bot instances as real processes (what a deployment runs), for load and chaos runs:
// started with `npm start`'s entry point, killed with SIGKILL, restarted on the same port.
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { slackSignature } from '../src/emulator/signing.js';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface BotProcess {
  url: string;
  start(): Promise<void>;
  kill(): Promise<void>;
  stop(): Promise<void>;
  /** Peak resident memory seen while running (MB), sampled from /proc. */
  peakRssMb(): number;
  /** Sends the running bot a signal (e.g. SIGUSR2 to a hook loaded with --import). */
  signal(name: NodeJS.Signals): void;
}

export function botProcess(env: NodeJS.ProcessEnv, port: number): BotProcess {
  let child: ChildProcess | undefined;
  let peak = 0;
  let sampler: NodeJS.Timeout | undefined;
  const url = `http://127.0.0.1:${port}`;
  const sample = async () => {
    if (!child?.pid) return;
    try {
      const { readFile } = await import('node:fs/promises');
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
      peak = Math.max(peak, kb / 1024);
    } catch {
      // the process is gone
    }
  };
  const exited = () => new Promise<void>((resolve) => (child && child.exitCode === null && child.signalCode === null ? child.once('exit', () => resolve()) : resolve()));
  return {
    url,
    async start() {
      child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env: { ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
      const deadline = Date.now() + 90_000; // a loaded CI machine: the bot syncs the help center and loads the reader first
      for (;;) {
        try {
          if ((await fetch(`${url}/healthz`)).ok) break;
        } catch {
          // not listening yet
        }
        // Killed on purpose while starting (the chaos run pulls a bot the moment it posts): nothing to wait for.
        if (child.signalCode !== null) return;
        if (child.exitCode !== null) throw new Error(`bot exited at start (${child.exitCode}):\n${stderr}`);
        if (Date.now() > deadline) throw new Error(`bot did not answer /healthz in 90 s:\n${stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      sampler = setInterval(() => void sample(), 200);
    },
    async kill() {
      if (sampler) clearInterval(sampler);
      await sample();
      child?.kill('SIGKILL');
      await exited();
    },
    async stop() {
      if (sampler) clearInterval(sampler);
      await sample();
      child?.kill('SIGTERM');
      await exited();
    },
    peakRssMb: () => Math.round(peak),
    signal: (name) => void child?.kill(name),
  };
}

export interface SlackDelivery {
  body: string;
  retryNum?: number;
}

// Kept-alive connections, as Slack's senders keep them. node:http rather than fetch: the sender shares
// the bench's two cores with the bots, and undici's fetch cost it ~0.6 ms of CPU per post.
const senderAgent = new Agent({ keepAlive: true });

/** POSTs a signed Events API body as Slack does; resolves with the HTTP status, or 0 when nobody answered. */
export function deliver(url: string, signingSecret: string, d: SlackDelivery): Promise<number> {
  const ts = Math.floor(Date.now() / 1000);
  const signature = slackSignature(signingSecret, ts, d.body);
  const headers: Record<string, string> = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(d.body)), 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signature };
  if (d.retryNum) (headers['x-slack-retry-num'] = String(d.retryNum)), (headers['x-slack-retry-reason'] = 'http_timeout');
  return new Promise((resolve) => {
    const req = request(`${url}/slack/events`, { method: 'POST', headers, agent: senderAgent }, (res) => {
      res.on('error', () => finish(0));
      res.on('end', () => finish(res.statusCode ?? 0));
      res.resume();
    });
    // Nobody answered within Slack's patience (fetch's AbortSignal.timeout before): a failed delivery.
    const timer = setTimeout(() => req.destroy(), 10_000);
    function finish(status: number) {
      clearTimeout(timer);
      resolve(status);
    }
    req.on('error', () => finish(0));
    req.end(d.body);
  });
}

export function messageEvent(x: { eventId: string; channel: string; user: string; text: string; ts: string; team?: string }): string {
  return JSON.stringify({
    type: 'event_callback',
    team_id: x.team ?? 'T0MEMDESK',
    api_app_id: 'A0MEMDESK',
    event_id: x.eventId,
    event_time: Math.floor(Date.now() / 1000),
    event: { type: 'message', channel: x.channel, channel_type: 'channel', user: x.user, text: x.text, ts: x.ts },
  });
}
