// The only module that reads process.env. Every variable is validated here so a bad
// value fails at start with the variable's name, never deep inside a ticket.
import 'dotenv/config';
import { z } from 'zod';
import { memdeskError } from './errors.js';
import { parseCron } from './insights/cron.js';

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const commaList = optionalString.transform((v) =>
  v ? v.split(',').map((s) => s.trim()).filter(Boolean) : [],
);

const isoDateTime = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;
const isoDate = optionalString.refine((v) => v === undefined || (isoDateTime.test(v) && !Number.isNaN(Date.parse(v))), {
  message: 'must be an ISO date or datetime, e.g. 2026-11-25 or 2026-11-25T09:00:00Z',
});

/** A whole number of at least `min`, or undefined when unset (an unset limit is no limit). */
const wholeNumber = (min: number) =>
  optionalString
    .transform((v) => (v === undefined ? undefined : Number(v)))
    .refine((n) => n === undefined || (Number.isInteger(n) && n >= min), { message: `must be a whole number of at least ${min}` });

/** One of `values`, `fallback` when unset or empty (an empty value counts as unset, as for every variable). */
const choice = <const T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.enum(values).optional().default(fallback));

const url = optionalString.refine((v) => v === undefined || /^https?:\/\//.test(v), {
  message: 'must be an http(s) URL',
});

export const configSchema = z.object({
  MEMDESK_DATA_DIR: optionalString.default('./.memdesk').transform((v) => v ?? './.memdesk'),
  MEMDESK_NAMESPACE: optionalString
    .refine((v) => v === undefined || /^[A-Za-z0-9_.-]+$/.test(v), {
      message: 'may hold only letters, digits, "_", "." and "-"',
    })
    .transform((v) => v ?? 'default'),
  MEMDESK_NOW: isoDate,
  POLICY_DIR: optionalString.transform((v) => v ?? './policy'),
  DIRECTORY_FILE: optionalString.transform((v) => v ?? './config/directory.yml'),
  KNOWLEDGE_DIR: optionalString.transform((v) => v ?? './knowledge'),
  DECIDER: choice(['auto', 'gemini', 'openai', 'policy'], 'auto'),
  MEMORY: choice(['auto', 'mem0-platform', 'local'], 'auto'),
  // Sentence embeddings as the embedded store's second ranking signal (semantic recall). Off by
  // default: `on` loads a model (~2 s, ~10 ms per search, ~100 memories/s written) into every process.
  MEMORY_EMBEDDINGS: choice(['on', 'off'], 'off'),
  // Which embedder: `use-lite` (the model in a worker thread, 10–90 ms of CPU per text), `static`
  // (a table distilled from it: microseconds per text, no model to load, lower LoCoMo recall) or
  // `tiered` (written with static's vector, replaced by use-lite's in the background).
  MEMORY_EMBEDDER: choice(['use-lite', 'static', 'tiered'], 'use-lite'),
  // A second opinion on unsure English readings from the same sentence embedder (DATA.md): about one
  // real message in six pays 15–130 ms of CPU for it, and the first such message loads the model.
  READER_SECOND_OPINION: choice(['on', 'off'], 'on'),
  GEMINI_API_KEY: optionalString,
  GEMINI_MODEL: optionalString.transform((v) => v ?? 'gemini-3.5-flash'),
  GEMINI_BASE_URL: url,
  // Any OpenAI-compatible server (Ollama, vLLM, LM Studio, OpenRouter, Azure OpenAI); local ones need no key.
  OPENAI_BASE_URL: url,
  OPENAI_API_KEY: optionalString,
  OPENAI_MODEL: optionalString,
  // Model call scheduling, for whichever model decides (Gemini or an OpenAI-compatible server): calls
  // per minute, tokens per minute and calls in flight; a ticket waits at most DECIDE_WAIT_MS in all
  // for its calls' turns before the policy engine decides it instead.
  GEMINI_RPM: wholeNumber(1),
  GEMINI_TPM: wholeNumber(1),
  GEMINI_MAX_CONCURRENCY: wholeNumber(1).transform((n) => n ?? 512),
  DECIDE_WAIT_MS: wholeNumber(0).transform((n) => n ?? 20_000),
  // Hedged model requests: an urgent ticket's request still unanswered after about the p95 of recent
  // answers is sent once more if a call slot is free at once, and the first answer taken. A few extra
  // requests for a shorter tail: in `bench --realistic` (full scale, quiet machine) 0.14 hedges per urgent
  // turn, urgent e2e p99 9.3–10.1 s -> 8.4–8.6 s, p50 unchanged. `off` never.
  MODEL_HEDGE: choice(['urgent', 'off'], 'urgent'),
  // Each model request's timeout and the tries per request (the first included), for whichever model
  // decides. A turn's requests share tries × timeout in all (both steps, retries, repairs and the pauses
  // between tries), so a hung server costs a ticket at most that before the policy engine decides;
  // unset, the timeout is the decider's own (Gemini 30 s, an OpenAI-compatible server 60 s: local models on a CPU are slow).
  MODEL_TIMEOUT_MS: wholeNumber(100).refine((n) => n === undefined || n <= 600_000, { message: 'must be at most 600000 (10 minutes)' }),
  MODEL_TRIES: wholeNumber(1)
    .refine((n) => n === undefined || n <= 10, { message: 'must be at most 10' })
    .transform((n) => n ?? 3),
  // Turns the Slack inbox worker keeps in flight at once (claimed, not yet finished): sized for a model
  // whose calls take seconds, so one slow turn never holds the others back. A turn with two model calls
  // (p50 1.5 s) and its Mem0 calls takes ~5 s, so 50 tickets/s needs ~250 in flight (Little's law): with
  // 64 here and for the model and Mem0 limits, `bench --realistic` answered 15 tickets/s, with 256 56/s.
  // 256 cannot drain its burst (3,000 in 30 s) while 50/s keep coming: with 512 (and 512 model and Mem0
  // calls) 58.6/s overall, 380–480 still open at the end instead of 630–720, urgent e2e p99 12–13 s
  // instead of 32–34 s, for ~45 MB more resident (heap growth bounded, HEAP_GROWING_PERCENT). With the
  // model's limit left at 256, 103 tickets waited past DECIDE_WAIT_MS: keep the three together.
  WORKER_CONCURRENCY: wholeNumber(1).transform((n) => n ?? 512),
  // How far V8 lets the JS heap grow past what a full collection found live, in percent (0 = V8's own
  // rule). V8's own lets a busy process grow to about four times its live heap: in `bench --realistic`
  // ~85 MB live became ~330 MB of heap and 550–630 MB resident; at 40 the heap stays near 1.4 times
  // live (resident ~320 MB) for about the same CPU per ticket. Set before the first ticket (main.ts).
  HEAP_GROWING_PERCENT: wholeNumber(0).transform((n) => n ?? 40),
  MEM0_API_KEY: optionalString,
  MEM0_HOST: url,
  // Calls to hosted Mem0 in flight at once; a call waits for a slot at most its timeout.
  MEM0_MAX_CONCURRENCY: wholeNumber(1).transform((n) => n ?? 512),
  MEM0_TELEMETRY: optionalString.transform((v) => v === 'true' || v === '1'),
  SLACK_BOT_TOKEN: optionalString,
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString,
  SLACK_API_URL: url,
  SUPPORT_CHANNEL_IDS: commaList,
  ESCALATION_CHANNEL_ID: optionalString,
  STAFF_USER_IDS: commaList,
  // Intake: a customer's top-level messages in one channel within INTAKE_WINDOW seconds are one ticket
  // (a clearly different request excepted: core/intake.ts), and the bot waits INTAKE_QUIET_MS after the last of a quick burst before deciding, so one thought
  // split over several messages gets one reply.
  INTAKE_WINDOW: wholeNumber(0).transform((n) => n ?? 120),
  INTAKE_QUIET_MS: wholeNumber(0).transform((n) => n ?? 4_000),
  /** Who an SLA alert mentions when a ticket has no owner and no CSM: a user (U…/W…) or a user group (S…). */
  SLA_ALERT_MENTION: optionalString.refine((v) => v === undefined || /^[UWS][A-Z0-9]+$/.test(v), {
    message: 'must be a Slack user id (U…) or user group id (S…)',
  }),
  // The weekly digest in the escalation channel: a five-field cron read in DIGEST_TZ's wall clock.
  DIGEST_CRON: optionalString.transform((v) => v ?? '0 9 * * 1').refine(validCron, { message: 'must be a five-field cron: minute hour day-of-month month day-of-week, e.g. "0 9 * * 1" (Monday 09:00)' }),
  DIGEST_TZ: optionalString.transform((v) => v ?? 'UTC').refine(knownTimezone, { message: 'must be an IANA timezone, e.g. Europe/Berlin' }),
  DATABASE_URL: optionalString.refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
    message: 'must be a postgres:// URL',
  }),
  PORT: optionalString
    .transform((v) => (v === undefined ? 3000 : Number(v)))
    .refine((n) => Number.isInteger(n) && n >= 0 && n < 65536, { message: 'must be a port number' }),
  LOG_LEVEL: choice(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
});

function validCron(text: string): boolean {
  try {
    parseCron(text);
    return true;
  } catch {
    return false;
  }
}

function knownTimezone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

export type Config = z.infer<typeof configSchema> & {
  decider: 'gemini' | 'openai' | 'policy';
  memory: 'mem0-platform' | 'local';
};

/** Reads the environment (after .env) and resolves the `auto` choices. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw memdeskError('config_invalid', `Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  const decider = c.DECIDER === 'auto' ? (c.GEMINI_API_KEY ? 'gemini' : 'policy') : c.DECIDER;
  const memory = c.MEMORY === 'auto' ? (c.MEM0_API_KEY ? 'mem0-platform' : 'local') : c.MEMORY;
  if (decider === 'gemini' && !c.GEMINI_API_KEY) {
    throw memdeskError('config_invalid', 'Invalid configuration:\n  GEMINI_API_KEY: required when DECIDER=gemini');
  }
  if (decider === 'openai' && !c.OPENAI_MODEL) {
    throw memdeskError('config_invalid', 'Invalid configuration:\n  OPENAI_MODEL: required when DECIDER=openai (the model name the server knows, e.g. qwen3:8b)');
  }
  if (decider === 'openai' && !c.OPENAI_BASE_URL && !c.OPENAI_API_KEY) {
    throw memdeskError(
      'config_invalid',
      'Invalid configuration:\n  OPENAI_BASE_URL: required when DECIDER=openai, e.g. http://localhost:11434/v1 for Ollama (or set OPENAI_API_KEY to use OpenAI itself)',
    );
  }
  if (memory === 'mem0-platform' && !c.MEM0_API_KEY) {
    throw memdeskError('config_invalid', 'Invalid configuration:\n  MEM0_API_KEY: required when MEMORY=mem0-platform');
  }
  return { ...c, decider, memory };
}
