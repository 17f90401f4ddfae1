// Loads the support policy: the text the model reads, the rules the server enforces and the
// wording the offline engine uses. Validated at start so a broken file never reaches a ticket.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { issueType, issueTypes, priority } from './tools.js';
import { readYamlFile } from '../files/yaml-file.js';
import { memdeskError } from '../errors.js';
import { planSlaSchema } from './sla-rules.js';

const planRules = z.object({
  names: z.array(z.string().min(1)).min(1),
  sla_hours: z.number().positive().nullable(),
  default_priority: priority,
  max_priority: priority,
  escalate_immediately: z.array(issueType),
  notify_csm_on_escalation: z.boolean(),
  /** Response and resolution clocks; a plan without them has no SLA alerts. */
  sla: planSlaSchema.optional(),
});

const issueRules = z.object({
  required_fields: z.array(z.string().min(1)),
  action: z.enum(['ask', 'answer', 'escalate']),
});

export const rulesSchema = z
  .object({
    plans: z.record(z.string(), planRules).refine((p) => Object.keys(p).length > 0, 'must list at least one plan'),
    unknown_plan: z.string(),
    repeat_issue: z.object({ threshold: z.number().int().positive(), window_days: z.number().int().positive(), priority }),
    open_promise: z.object({ priority }),
    renewal: z.object({ csm_notice_window_days: z.number().int().nonnegative() }),
    csm_notice_issue_types: z.array(issueType),
    issue_priority_offset: z.record(issueType, z.number().int()),
    issues: z.object(Object.fromEntries(issueTypes.map((t) => [t, issueRules])) as Record<(typeof issueTypes)[number], typeof issueRules>),
    internal_labels: z.array(z.string().min(1)),
  })
  .superRefine((r, ctx) => {
    if (!r.plans[r.unknown_plan]) {
      ctx.addIssue({ code: 'custom', path: ['unknown_plan'], message: `names no plan under plans (got "${r.unknown_plan}")` });
    }
  });
export type Rules = z.infer<typeof rulesSchema>;
export type PlanRules = z.infer<typeof planRules>;

const templatesSchema = z.object({
  ask: z.record(z.string(), z.string()).refine((a) => a.identity && a.generic, 'must define identity and generic'),
  answer: z.record(z.string(), z.string()),
  escalate: z.object({
    opening: z.string(),
    sla: z.string(),
    no_sla: z.string(),
    repeat: z.string(),
    promise: z.string(),
    invoice_missing: z.string(),
    invoice_given: z.string(),
  }),
  teams: z.record(issueType, z.string()),
  issue_nouns: z.record(issueType, z.string()),
});
export type Templates = z.infer<typeof templatesSchema>;

export interface Policy {
  dir: string;
  text: string;
  rules: Rules;
  templates: Templates;
}

export function loadPolicy(dir: string): Policy {
  const textPath = join(dir, 'support-policy.md');
  let text: string;
  try {
    text = readFileSync(textPath, 'utf8');
  } catch {
    throw memdeskError('file_invalid', `${textPath}: cannot read the support policy text (set POLICY_DIR to a folder holding it)`);
  }
  if (text.trim().length < 50) throw memdeskError('file_invalid', `${textPath}: the support policy text is empty`);
  const rules = readYamlFile(join(dir, 'rules.yml'), rulesSchema);
  const templates = readYamlFile(join(dir, 'templates.yml'), templatesSchema);
  return { dir, text, rules, templates };
}

const order = ['low', 'medium', 'high', 'urgent'] as const;
export type PriorityName = (typeof order)[number];

export function priorityRank(p: PriorityName): number {
  return order.indexOf(p);
}

export function raisePriority(p: PriorityName, steps: number): PriorityName {
  return order[Math.max(0, Math.min(order.length - 1, priorityRank(p) + steps))]!;
}
