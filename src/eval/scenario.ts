// Decision scenarios: one YAML file each, in test/scenarios/ unless told otherwise. A scenario
// says who writes, what memdesk remembers, what they write (and write next in the same ticket),
// and which actions must and must not run. Every error names the file and the field, because
// people write these files by hand and a typo must never turn into a silently passing check.
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { priority, toolNames, type ToolName } from '../core/tools.js';
import { createDirectory, directorySchema, type DirectoryData } from '../directory/directory-file.js';
import { readYamlFile } from '../files/yaml-file.js';
import { memdeskError } from '../errors.js';
import { isoDay } from '../clock.js';

export const DEFAULT_SCENARIO_DATE = '2026-11-25';

const toolName = z.enum(toolNames as [ToolName, ...ToolName[]]);

// YAML may hand over a date as a string or (with other schemas) as a Date; both mean a calendar day.
const calendarDay = z.preprocess(
  (v) => (v instanceof Date ? isoDay(v) : v),
  z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-11-25').refine((d) => !Number.isNaN(Date.parse(d)), 'is not a real date'),
);

export const expectationSchema = z
  .strictObject({
    /** Tools that must execute in this turn. */
    actions: z.array(toolName).default([]),
    /** Tools that must not execute in this turn (a blocked call is fine: it did not execute). */
    forbidden: z.array(toolName).default([]),
    /** The escalation priority of this turn; `none` means no escalation; a list means any of them. */
    priority: z.union([priority, z.literal('none'), z.array(priority).min(1)]).optional(),
    reply_must_contain: z.array(z.string().min(1)).default([]),
    reply_must_not_contain: z.array(z.string().min(1)).default([]),
    handoff_must_contain: z.array(z.string().min(1)).default([]),
  })
  .superRefine((e, ctx) => {
    e.forbidden.forEach((t, i) => {
      if (e.actions.includes(t)) ctx.addIssue({ code: 'custom', path: ['forbidden', i], message: `"${t}" is also an expected action` });
    });
  });
export type Expectation = z.infer<typeof expectationSchema>;

const seededMemory = z.strictObject({
  scope: z.enum(['customer', 'account']),
  id: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'must be a customer or account id'),
  text: z.string().trim().min(1, 'must not be empty').max(2000),
  metadata: z.record(z.string(), z.unknown()).optional(),
  /** Dates the memory (metadata `date`) this many days before the scenario's `now`. */
  days_ago: z.number().int().nonnegative().optional(),
});

const turn = z.strictObject({
  message: z.string().trim().min(1, 'must not be empty'),
  expect: expectationSchema,
});

const directoryExtras = z.strictObject({
  accounts: directorySchema.shape.accounts.optional(),
  customers: directorySchema.shape.customers.optional(),
  staff: directorySchema.shape.staff.optional(),
});

export const scenarioFileSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/, 'must be lower-case letters, digits, "_", "." or "-"').optional(),
  description: z.string().trim().min(1, 'must say what the scenario checks'),
  /** Free-form coverage tags (issue type, plan, theme), so a test can see what the suite covers. */
  covers: z.array(z.string().min(1)).default([]),
  now: calendarDay.default(DEFAULT_SCENARIO_DATE),
  /** Accounts, customers and staff added to the demo directory for this scenario only. */
  directory: directoryExtras.optional(),
  /** The sender: a Slack user id or a customer id. */
  from: z.string().min(1),
  channel: z.string().min(1).optional(),
  email: z.string().min(1).optional(),
  /** Says the sender is deliberately not in the directory, so a typo in `from` is never mistaken for one. */
  unknown_sender: z.boolean().default(false),
  memory: z.boolean().default(true),
  memories: z.array(seededMemory).default([]),
  message: z.string().trim().min(1, 'must not be empty'),
  expect: expectationSchema,
  /** Later messages in the same open ticket, each with what must happen then. */
  follow_ups: z.array(turn).default([]),
});
export type ScenarioFile = z.infer<typeof scenarioFileSchema>;

export interface Scenario extends ScenarioFile {
  name: string;
  file: string;
  /** The demo directory plus this scenario's own entries. */
  directoryData: DirectoryData;
  /** Every turn in order: the first message, then the follow-ups. */
  turns: { message: string; expect: Expectation }[];
}

/** Loads every `*.yml` / `*.yaml` in a folder, sorted by file name; the folder must hold at least one. */
export function loadScenarios(dir: string, baseDirectoryFile: string): Scenario[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  } catch (err) {
    throw memdeskError('file_invalid', `${dir}: cannot read the scenarios folder (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  if (!names.length) throw memdeskError('file_invalid', `${dir}: holds no scenario files (*.yml)`);
  const base = readYamlFile(baseDirectoryFile, directorySchema);
  const scenarios = names.map((f) => loadScenarioFile(join(dir, f), base));
  const seen = new Map<string, string>();
  for (const s of scenarios) {
    const earlier = seen.get(s.name);
    if (earlier) throw memdeskError('file_invalid', `${s.file}: name "${s.name}" is already used by ${earlier}`);
    seen.set(s.name, s.file);
  }
  return scenarios;
}

export function loadScenarioFile(path: string, baseDirectory: DirectoryData): Scenario {
  const file = readYamlFile(path, scenarioFileSchema);
  const problem = (field: string, message: string) => memdeskError('file_invalid', `${path}: ${field} ${message}`);

  const extras = file.directory ?? {};
  const merged = {
    accounts: [...baseDirectory.accounts, ...(extras.accounts ?? [])],
    customers: [...baseDirectory.customers, ...(extras.customers ?? [])],
    staff: [...baseDirectory.staff, ...(extras.staff ?? [])],
  };
  for (const kind of ['accounts', 'customers'] as const) {
    const baseIds = new Set(baseDirectory[kind].map((e) => e.id));
    (extras[kind] ?? []).forEach((e, i) => {
      if (baseIds.has(e.id)) throw problem(`directory.${kind}.${i}.id`, `"${e.id}" is already in the demo directory`);
    });
  }
  const checked = directorySchema.safeParse(merged);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    // Paths point into the merged lists; shift them back to this file's own entries.
    const [kind, index, ...rest] = issue.path;
    const own = typeof index === 'number' && (kind === 'accounts' || kind === 'customers' || kind === 'staff')
      ? index - baseDirectory[kind].length
      : index;
    throw problem(['directory', String(kind), String(own), ...rest.map(String)].join('.'), issue.message);
  }
  const directoryData = checked.data;

  const customers = new Set(directoryData.customers.map((c) => c.id));
  const accounts = new Set(directoryData.accounts.map((a) => a.id));
  file.memories.forEach((m, i) => {
    const known = m.scope === 'customer' ? customers : accounts;
    if (!known.has(m.id)) throw problem(`memories.${i}.id`, `names no ${m.scope} in the directory ("${m.id}")`);
  });

  const sender = createDirectory(directoryData).resolve({
    slackUserId: file.from.startsWith('cust_') ? undefined : file.from,
    customerId: file.from,
    channelId: file.channel,
    email: file.email,
  });
  if (sender.resolved_by === 'directory' && file.unknown_sender) {
    throw problem('unknown_sender', `is true but "${file.from}" is in the directory`);
  }
  if (sender.resolved_by !== 'directory' && !file.unknown_sender) {
    throw problem('from', `"${file.from}" is not a customer in the directory (set unknown_sender: true if that is the point)`);
  }

  return {
    ...file,
    name: file.name ?? basename(path).replace(/\.ya?ml$/, ''),
    file: path,
    directoryData,
    turns: [{ message: file.message, expect: file.expect }, ...file.follow_ups],
  };
}
