// The only module that reads process.env. Every variable is validated here so a bad
// value fails at start with the variable's name, never deep inside a ticket.
import 'dotenv/config';
import { z } from 'zod';
import { memdeskError } from './errors.js';

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const commaList = optionalString.transform((v) =>
  v ? v.split(',').map((s) => s.trim()).filter(Boolean) : [],
);

const isoDate = optionalString.refine((v) => v === undefined || !Number.isNaN(Date.parse(v)), {
  message: 'must be an ISO date or datetime, e.g. 2026-11-25 or 2026-11-25T09:00:00Z',
});

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
  DECIDER: z.enum(['auto', 'gemini', 'policy']).optional().default('auto'),
  MEMORY: z.enum(['auto', 'mem0-platform', 'local']).optional().default('auto'),
  GEMINI_API_KEY: optionalString,
  GEMINI_MODEL: optionalString.transform((v) => v ?? 'gemini-3.5-flash'),
  GEMINI_BASE_URL: url,
  MEM0_API_KEY: optionalString,
  MEM0_HOST: url,
  MEM0_TELEMETRY: optionalString.transform((v) => v === 'true' || v === '1'),
  SLACK_BOT_TOKEN: optionalString,
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString,
  SLACK_API_URL: url,
  SUPPORT_CHANNEL_IDS: commaList,
  ESCALATION_CHANNEL_ID: optionalString,
  STAFF_USER_IDS: commaList,
  DATABASE_URL: optionalString.refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
    message: 'must be a postgres:// URL',
  }),
  PORT: optionalString
    .transform((v) => (v === undefined ? 3000 : Number(v)))
    .refine((n) => Number.isInteger(n) && n >= 0 && n < 65536, { message: 'must be a port number' }),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional().default('info'),
});

export type Config = z.infer<typeof configSchema> & {
  decider: 'gemini' | 'policy';
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
  if (memory === 'mem0-platform' && !c.MEM0_API_KEY) {
    throw memdeskError('config_invalid', 'Invalid configuration:\n  MEM0_API_KEY: required when MEMORY=mem0-platform');
  }
  return { ...c, decider, memory };
}
