// Who is who, from DIRECTORY_FILE: Slack user → customer → account, Slack Connect channel → account,
// email domain → account. A sender we cannot place gets a scope of their own, never someone else's.
import { z } from 'zod';
import type { Directory, Identity, IdentityQuery, StaffMember } from '../core/ports.js';
import { readYamlFile } from '../files/yaml-file.js';
import { businessHoursOverrideSchema } from '../core/business-hours.js';

const id = z.string().regex(/^[A-Za-z0-9_.-]+$/, 'must hold only letters, digits, "_", "." and "-"');

export const directorySchema = z
  .object({
    accounts: z.array(
      z.object({
        id,
        name: z.string().min(1),
        slack_channel_ids: z.array(z.string()).default([]),
        email_domains: z.array(z.string()).default([]),
        /** The account's own hours for SLA clocks (e.g. its timezone), over its plan's. */
        business_hours: businessHoursOverrideSchema.optional(),
      }),
    ),
    customers: z.array(
      z.object({
        id,
        name: z.string().min(1),
        account_id: id,
        slack_user_ids: z.array(z.string()).default([]),
        emails: z.array(z.string()).default([]),
      }),
    ),
    staff: z
      .array(z.object({ name: z.string().min(1), slack_user_id: z.string().min(1), roles: z.array(z.string()).default([]) }))
      .default([]),
  })
  .superRefine((d, ctx) => {
    const accounts = new Set(d.accounts.map((a) => a.id));
    d.customers.forEach((c, i) => {
      if (!accounts.has(c.account_id)) {
        ctx.addIssue({ code: 'custom', path: ['customers', i, 'account_id'], message: `names unknown account "${c.account_id}"` });
      }
    });
  });
export type DirectoryData = z.infer<typeof directorySchema>;

export function loadDirectory(path: string): Directory {
  return createDirectory(readYamlFile(path, directorySchema));
}

export function createDirectory(data: DirectoryData): Directory {
  const accounts = new Map(data.accounts.map((a) => [a.id, a]));
  const customers = new Map(data.customers.map((c) => [c.id, c]));
  const bySlackUser = new Map(data.customers.flatMap((c) => c.slack_user_ids.map((u) => [u, c] as const)));
  const byEmail = new Map(data.customers.flatMap((c) => c.emails.map((e) => [e.toLowerCase(), c] as const)));
  const accountByChannel = new Map(data.accounts.flatMap((a) => a.slack_channel_ids.map((ch) => [ch, a] as const)));
  const accountByDomain = new Map(data.accounts.flatMap((a) => a.email_domains.map((d) => [d.toLowerCase(), a] as const)));

  const fromCustomer = (c: DirectoryData['customers'][number], slackUserId?: string): Identity => ({
    customer_id: c.id,
    account_id: c.account_id,
    customer_name: c.name,
    account_name: accounts.get(c.account_id)?.name ?? c.account_id,
    resolved_by: 'directory',
    slack_user_id: slackUserId ?? c.slack_user_ids[0],
  });

  return {
    resolve(q: IdentityQuery): Identity {
      const known =
        (q.customerId && customers.get(q.customerId)) ||
        (q.slackUserId && (bySlackUser.get(q.slackUserId) ?? customers.get(q.slackUserId))) ||
        (q.email && byEmail.get(q.email.toLowerCase()));
      if (known) return fromCustomer(known, q.slackUserId);

      // Not a known person: the account may still be known from the channel or the email domain.
      // The person then gets a customer scope of their own inside that account.
      const sender = q.slackUserId ?? q.customerId ?? q.email ?? 'anonymous';
      const personId = `unknown_${sender.replace(/[^A-Za-z0-9_.-]/g, '_')}`;
      const channelAccount = q.channelId ? accountByChannel.get(q.channelId) : undefined;
      const domain = q.email?.split('@')[1]?.toLowerCase();
      const domainAccount = domain ? accountByDomain.get(domain) : undefined;
      const account = channelAccount ?? domainAccount;
      if (account) {
        return {
          customer_id: personId,
          account_id: account.id,
          customer_name: 'there',
          account_name: account.name,
          resolved_by: channelAccount ? 'channel' : 'email',
          slack_user_id: q.slackUserId,
        };
      }
      return {
        customer_id: personId,
        account_id: personId,
        customer_name: 'there',
        account_name: 'unknown',
        resolved_by: 'unknown',
        slack_user_id: q.slackUserId,
      };
    },
    staff: (): StaffMember[] => data.staff,
    staffNames: () => data.staff.map((s) => s.name),
    isStaff: (slackUserId) => data.staff.some((s) => s.slack_user_id === slackUserId),
    staffByName: (name) => data.staff.find((s) => s.name.toLowerCase() === name.trim().toLowerCase()),
    customerIds: () => data.customers.map((c) => c.id),
    accountIds: () => data.accounts.map((a) => a.id),
    accountHours: (accountId) => accounts.get(accountId)?.business_hours,
  };
}
