// Loads the support policy: the text the model reads, the rules the server enforces and the
// wording the offline engine uses. Validated at start so a broken file never reaches a ticket.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { issueType, issueTypes, priority } from './tools.js';
import { supportedLanguages, type SupportedLanguage } from './reading.js';
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
  /** Escalated on every plan at this priority or above, even above the plan's usual cap (security). */
  min_priority: priority.optional(),
  /**
   * The help-center article whose steps the issue's answer template gives (access: the password reset).
   * When another article answers the message better, the customer is answered from that article instead.
   */
  template_article: z.string().min(1).optional(),
});

export const rulesSchema = z
  .object({
    plans: z.record(z.string(), planRules).refine((p) => Object.keys(p).length > 0, 'must list at least one plan'),
    unknown_plan: z.string(),
    /**
     * An issue of these types from a sender whose plan memory does not name is escalated at `priority` or above,
     * even above the unknown plan's cap: a paying customer with no plan on record yet must not wait at Free's pace
     * while production is down or their account is taken over.
     */
    unknown_plan_floor: z
      .object({ issue_types: z.array(issueType).min(1, 'must list at least one issue type'), priority })
      .strict()
      .optional(),
    repeat_issue: z.object({ threshold: z.number().int().positive(), window_days: z.number().int().positive(), priority, issue_types: z.array(issueType) }),
    open_promise: z.object({ priority }),
    renewal: z.object({ csm_notice_window_days: z.number().int().nonnegative() }),
    csm_notice_issue_types: z.array(issueType),
    issue_priority_offset: z.record(issueType, z.number().int()),
    issues: z.object(Object.fromEntries(issueTypes.map((t) => [t, issueRules])) as Record<(typeof issueTypes)[number], typeof issueRules>),
    internal_labels: z.array(z.string().min(1)),
    /** Answers from the help center: the best passage must score at least min_score (0–1). */
    knowledge: z.object({
      min_score: z.number().min(0).max(1),
      /** Internal articles (ids) a handoff brief names for a ticket of the issue type, when retrieved for it. */
      runbooks: z.partialRecord(issueType, z.array(z.string().min(1))).default({}),
    }),
    /** Below min_confidence the reader is unsure of the issue type and a person takes the ticket. */
    reader: z.object({ min_confidence: z.number().min(0).max(1), says_enough_words: z.number().int().positive() }),
    /** What the customer says about impact raises the priority to at least this, within the plan's cap. */
    severity_priority: z.object({ production_blocked: priority, many_users: priority, data_loss: priority }).partial(),
    /** Issue types whose usual answer cannot help when production is blocked or many users are hit: a person takes them. */
    severity_escalates: z.array(issueType).default([]),
  })
  .superRefine((r, ctx) => {
    if (!r.plans[r.unknown_plan]) {
      ctx.addIssue({ code: 'custom', path: ['unknown_plan'], message: `names no plan under plans (got "${r.unknown_plan}")` });
    }
  });
export type Rules = z.infer<typeof rulesSchema>;
export type PlanRules = z.infer<typeof planRules>;

const languageTemplates = z.object({
  ask: z.record(z.string(), z.string()).refine((a) => a.identity && a.generic && a.details && a.blocked_what, 'must define identity, generic, details and blocked_what'),
  /** How a clarifying question names each field it asks for. */
  fields: z.record(z.string(), z.string()),
  answer: z.record(z.string(), z.string()).refine((a) => a.how_to && a.source, 'must define how_to and source'),
  escalate: z.object({
    opening: z.string(),
    sla: z.string(),
    no_sla: z.string(),
    repeat: z.string(),
    promise: z.string(),
    invoice_missing: z.string(),
    invoice_given: z.string(),
    security_steps: z.string(),
    /** For a lost or stolen payment card (lost-card.ts): the account steps would answer a break-in nobody reported. */
    card_steps: z.string(),
    human: z.string(),
    human_by: z.string(),
    unclear: z.string(),
    no_article: z.string(),
  }),
  teams: z.record(issueType, z.string()),
  issue_nouns: z.record(issueType, z.string()),
  /** How {sla_due} is said (local-time.ts replyDueTime): on the customer's today, tomorrow, or a later date, and the time itself. */
  due: z
    .object({ today: z.string().min(1), tomorrow: z.string().min(1), later: z.string().min(1), time: z.string().min(1) })
    .catchall(z.string().min(1))
    .superRefine((d, ctx) => {
      for (const [key, text] of Object.entries(d)) {
        if (!/^(?:(?:today|tomorrow|later)(?:_one)?|time)$/.test(key)) {
          ctx.addIssue({ code: 'custom', path: [key], message: 'is not a due wording (today, tomorrow, later, their _one forms for hour 1, time)' });
          continue;
        }
        const needs = key === 'time' ? ['{clock}'] : key === 'later' || key === 'later_one' ? ['{date}', '{time}'] : ['{time}'];
        for (const placeholder of needs) if (!text.includes(placeholder)) ctx.addIssue({ code: 'custom', path: [key], message: `must hold ${placeholder}` });
      }
    }),
});
export type Templates = z.infer<typeof languageTemplates>;

/** One block of wording per language memdesk answers in; every block holds every key English holds. */
const templatesSchema = z
  .object(Object.fromEntries(supportedLanguages.map((l) => [l, languageTemplates])) as Record<SupportedLanguage, typeof languageTemplates>)
  .superRefine((all, ctx) => {
    for (const language of supportedLanguages) {
      if (language === 'en') continue;
      for (const path of missingKeys(all.en, all[language])) {
        ctx.addIssue({ code: 'custom', path: [language, ...path], message: `is missing (English has it; every language must hold every key)` });
      }
    }
  });
export type TemplatesByLanguage = z.infer<typeof templatesSchema>;

function missingKeys(reference: unknown, other: unknown, at: string[] = []): string[][] {
  if (typeof reference !== 'object' || reference === null) return [];
  const target = (typeof other === 'object' && other !== null ? other : {}) as Record<string, unknown>;
  return Object.entries(reference).flatMap(([key, value]) =>
    key in target ? missingKeys(value, target[key], [...at, key]) : [[...at, key]],
  );
}

export interface Policy {
  dir: string;
  text: string;
  rules: Rules;
  /** Customer wording by language; a reply is written in replyLanguage() of the reading. */
  templates: TemplatesByLanguage;
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
