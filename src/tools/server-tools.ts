// Executes the five tools on the server. Every claimed action leaves a record: escalations with SLA
// due times, CSM notices, memory writes, and an operation-log line each. A tool's change to the
// ticket is handed back; the loop writes a turn's changes to the ticket row at once.
import type { CsmNotice, Escalation, MemoryWriteback, TicketContext, TicketRepository, ToolEffect, Tools } from '../core/ports.js';
import type { ToolArgs, ToolName } from '../core/tools.js';
import type { Clock } from '../clock.js';
import { replyDueTime } from '../core/local-time.js';
import type { TemplatesByLanguage } from '../core/policy.js';

/** `templates`: the policy's customer wording, for how each language says the due time an escalation returns. */
export function createServerTools(deps: { tickets: TicketRepository; outbox: MemoryWriteback; clock: Clock; namespace: string; templates: TemplatesByLanguage }): Tools {
  const { tickets, outbox, clock, templates } = deps;

  const handlers: { [N in ToolName]: (args: ToolArgs<N>, ctx: TicketContext) => Promise<ToolEffect> } = {
    async ask_for_missing_info(args, ctx) {
      const state = ctx.ticket.state;
      const asked = [...new Set([...state.asked, ...args.missing_fields])];
      return {
        result: { ticket_id: ctx.ticket.ticket_id, status: 'waiting_on_customer', asked: args.missing_fields },
        ticketChange: { status: 'waiting_on_customer', state: { ...state, asked, last_action: 'ask_for_missing_info' } },
      };
    },
    async answer_customer(args, ctx) {
      // An answer on a ticket a person already has does not take it away from them. An answer that does
      // not resolve the ticket waits on the customer (their "Was this helpful?" mark or their next message).
      const status = args.resolved ? 'resolved' : ctx.ticket.status === 'escalated' ? 'escalated' : 'waiting_on_customer';
      const last_action = status === 'escalated' ? ctx.ticket.state.last_action : 'answer_customer';
      return { result: { ticket_id: ctx.ticket.ticket_id, status }, ticketChange: { status, state: { ...ctx.ticket.state, last_action } } };
    },
    async create_escalation_ticket(args, ctx) {
      const now = clock.now();
      const sla_due_at = ctx.responseDue?.due_at ?? null;
      const escalation_id = `esc_${ctx.turnKey}`;
      const escalation: Escalation = {
        escalation_id,
        ticket_id: ctx.ticket.ticket_id,
        priority: args.priority,
        reason: args.reason,
        summary: args.summary,
        handoff_summary: args.handoff_summary,
        sla_due_at,
        created_at: now.toISOString(),
      };
      await tickets.addEscalation(escalation);
      return {
        // sla_due: the same instant as the customer reads it, in the account's zone and the reply's language
        // ("today at 5:00 PM EST" on the customer's today there).
        result: {
          ticket_id: ctx.ticket.ticket_id,
          escalation_id,
          priority: args.priority,
          sla_due_at,
          sla_due: ctx.responseDue ? replyDueTime(ctx.responseDue.due_at, ctx.responseDue.timezone, ctx.replyLanguage, templates[ctx.replyLanguage].due, now) : null,
        },
        ticketChange: {
          status: 'escalated',
          priority: args.priority,
          sla_due_at,
          state: { ...ctx.ticket.state, last_action: 'create_escalation_ticket' },
        },
        escalation,
      };
    },
    async notify_customer_success_manager(args, ctx) {
      const notice_id = `csm_${ctx.turnKey}`;
      const csmNotice: CsmNotice = {
        notice_id,
        ticket_id: ctx.ticket.ticket_id,
        account_id: args.account_id,
        customer_id: args.customer_id,
        csm_name: args.csm_name ?? null,
        handoff_summary: args.handoff_summary,
        risk_reason: args.risk_reason,
        created_at: clock.now().toISOString(),
      };
      await tickets.addCsmNotice(csmNotice);
      return { result: { notice_id, csm_name: args.csm_name ?? null }, csmNotice };
    },
    async store_support_outcome_memory(args, ctx) {
      const scope = args.scope === 'customer'
        ? { kind: 'customer' as const, id: ctx.identity.customer_id }
        : { kind: 'account' as const, id: ctx.identity.account_id };
      const { outbox_id, written } = await outbox.start({
        scope,
        text: args.memory,
        infer: true,
        ticketId: ctx.ticket.ticket_id,
        traceId: ctx.packet.trace_id,
        outboxId: `wb_${ctx.turnKey}_${args.scope}`,
        metadata: {
          app: 'memdesk',
          namespace: deps.namespace,
          scope: args.scope,
          issue_type: args.issue_type,
          status: args.status,
          customer_id: ctx.identity.customer_id,
          account_id: ctx.identity.account_id,
          trace_id: ctx.packet.trace_id,
          ticket_id: ctx.ticket.ticket_id,
          date: ctx.packet.today,
          ...(ctx.writtenIn ? { language: ctx.writtenIn } : {}),
        },
      });
      // Recorded is already an action with a record behind it: the outbox makes the write, now or on a
      // replay. The memory store's answer comes while the decider writes the reply (pending: replayed).
      const scoped = `${args.scope}:${scope.id}`;
      return { result: { status: 'recorded', outbox_id, scope: scoped }, settled: written.then((w) => ({ ...w, scope: scoped })) };
    },
  };

  return {
    async execute(name, args, ctx) {
      const handler = handlers[name] as (a: unknown, c: TicketContext) => Promise<ToolEffect>;
      return handler(args, ctx);
    },
  };
}
