// The five tools the decider may call. These zod schemas are the single source for the
// TypeScript types, the server-side argument checks and the JSON Schemas sent to Gemini.
import { z } from 'zod';

export const issueTypes = [
  'billing',
  'outage',
  'security',
  'access',
  'how_to',
  'cancellation',
  'feature_request',
  'other',
] as const;
export const issueType = z.enum(issueTypes);
export type IssueType = z.infer<typeof issueType>;

export const priorities = ['low', 'medium', 'high', 'urgent'] as const;
export const priority = z.enum(priorities);
export type Priority = z.infer<typeof priority>;

const text = (max: number, what: string) => z.string().trim().min(1).max(max).describe(what);

export const toolSchemas = {
  ask_for_missing_info: z
    .object({
      missing_fields: z.array(z.string().min(1)).min(1).describe('Field names still needed, e.g. invoice_id'),
      question: text(1000, 'The question to send the customer, plain and polite'),
    })
    .describe('Ask the customer for information the policy requires before acting. Customer-facing.'),
  answer_customer: z
    .object({
      answer: text(3000, 'The answer to send the customer'),
      resolved: z.boolean().describe('True when this answer resolves the request'),
      sources: z
        .array(z.string().min(1))
        .max(5)
        .default([])
        .describe('article_id of each help-center article the answer uses (from knowledge.passages); required for how-to answers'),
    })
    .describe('Answer the customer directly when no human action is needed. Customer-facing.'),
  create_escalation_ticket: z
    .object({
      customer_id: text(200, 'Customer id from the packet'),
      account_id: text(200, 'Account id from the packet'),
      priority: priority.describe('Priority under the support policy'),
      reason: text(500, 'Why this needs a human, citing policy'),
      summary: text(1000, 'What the customer needs'),
      handoff_summary: text(3000, 'Brief for the human who takes it: history, promises, what to do'),
    })
    .describe('Hand the ticket to the support team with a priority and a brief. Customer-facing (the customer is told).'),
  notify_customer_success_manager: z
    .object({
      account_id: text(200, 'Account id from the packet'),
      customer_id: text(200, 'Customer id from the packet'),
      csm_name: z.string().trim().min(1).max(200).optional().describe('The CSM named in account memory'),
      handoff_summary: text(3000, 'What the CSM needs to know'),
      risk_reason: text(1000, 'Internal reason the account needs attention (never shown to the customer)'),
    })
    .describe('Tell the account\'s customer success manager. Internal only.'),
  store_support_outcome_memory: z
    .object({
      scope: z.enum(['customer', 'account']).describe('Whose memory to write'),
      memory: text(500, 'One concise fact about this outcome, dated'),
      issue_type: issueType,
      status: z.enum(['open', 'escalated', 'resolved', 'waiting_on_customer']),
    })
    .describe('Write the outcome of this ticket to durable memory so the next ticket starts smarter. Internal only.'),
} as const;

export type ToolName = keyof typeof toolSchemas;
export const toolNames = Object.keys(toolSchemas) as ToolName[];
export type ToolArgs<N extends ToolName> = z.infer<(typeof toolSchemas)[N]>;

/** Tools whose effect the customer sees; a ticket gets exactly one of these. */
export const customerFacingTools: readonly ToolName[] = [
  'ask_for_missing_info',
  'answer_customer',
  'create_escalation_ticket',
];

export function isToolName(name: string): name is ToolName {
  return Object.hasOwn(toolSchemas, name);
}

/**
 * What a model is told of a schema, without what the server checks anyway: a "not empty" bound and
 * "no other properties" are left to the argument check (every call and final JSON is parsed with its zod
 * schema, which drops an unknown property), rather than declared on every string and object, which a
 * model pays for on every call.
 */
function withoutServerChecks(node: unknown): void {
  if (Array.isArray(node)) for (const item of node) withoutServerChecks(item);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.minLength === 1) delete o.minLength;
    if (o.additionalProperties === false) delete o.additionalProperties;
    for (const value of Object.values(o)) withoutServerChecks(value);
  }
}

/** A zod schema as a model is given it: JSON Schema (draft 2020-12, as Gemini accepts) without $schema and the server's own checks. */
export function modelJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12' }) as Record<string, unknown>;
  delete json.$schema;
  withoutServerChecks(json);
  return json;
}

/** Every tool's declaration, built once (a JSON Schema per tool is built on every call otherwise). */
let declarations: { name: ToolName; description: string; parameters: unknown }[] | undefined;

/** The declarations of `names` (default: every tool), in the order of toolNames. */
export function toolJsonSchemas(names: readonly ToolName[] = toolNames): { name: ToolName; description: string; parameters: unknown }[] {
  declarations ??= toolNames.map((name) => {
    const schema = toolSchemas[name];
    const json = modelJsonSchema(schema);
    // The tool's description is declared once, beside its name, not again inside its parameters.
    delete json.description;
    return { name, description: schema.description ?? name, parameters: json };
  });
  return declarations.filter((t) => names.includes(t.name));
}

/** What a decider reads in the message: the type, the severity signals and the language it answers in. */
export const deciderReadingSchema = z.object({
  issue_type: issueType.describe('The issue type you read in the message'),
  severity: z
    .object({
      production_blocked: z.boolean(),
      many_users: z.boolean(),
      data_loss: z.boolean(),
      security: z.boolean(),
    })
    .describe('What the message says about impact'),
  language: z.enum(['en', 'de', 'fr', 'es', 'pt', 'nl', 'other']).describe("The customer's language (ISO 639-1), other when none of these"),
});

/** What the decider hands back after the tools ran: the reply, the brief and, from a model, its own reading. */
export const finalResultSchema = z.object({
  customer_response: z.string().trim().min(1).max(4000),
  decision_summary: z.string().trim().min(1).max(2000),
  handoff_brief: z.string().max(4000),
  mem0_value: z.string().max(2000).describe('How remembered context changed the action, or "none"'),
  tools_executed: z.array(z.string()),
  ...deciderReadingSchema.partial().shape,
});
export type FinalResult = z.infer<typeof finalResultSchema>;
