// The weekly digest, exactly once per period. Each scan works out the latest moment DIGEST_CRON
// names in DIGEST_TZ; within a day of it, the digest for that period goes in the durable inbox under
// the key `digest:<moment>`, which the records accept once (on SQLite and PostgreSQL alike), so two
// instances or a restart add nothing. The inbox worker posts it to the escalation channel under an
// effect key of the same name. `/memory digest` posts one at once, outside the schedule.
import type { webApi } from '@slack/bolt';
import type { Memdesk } from '../memdesk.js';
import type { Config } from '../config.js';
import { newId } from '../ids.js';
import { latestRun, parseCron } from '../insights/cron.js';
import { buildWeeklyDigest } from '../insights/weekly-digest.js';
import type { Logger } from '../log.js';
import { digestBlocks } from './digest-blocks.js';
import { effectMetadata, findPostedEffect, type EffectLedger } from './effects.js';
import { toInboxRow } from './inbox-payload.js';

/** A digest whose moment passed more than this long ago (no instance ran) is skipped, not posted late. */
const LATE_LIMIT_MS = 86_400_000;

export const digestKey = (period: string): string => `digest:${period}`;

/**
 * Queues this period's digest unless it was queued before (here or on another instance). `settled`
 * is the period this instance already claimed or found claimed: the scan then asks the records
 * nothing until the next period. Returns the period now settled, and whether this call queued it.
 */
export async function enqueueDueDigest(
  memdesk: Pick<Memdesk, 'delivery'>,
  config: Pick<Config, 'DIGEST_CRON' | 'DIGEST_TZ'>,
  now: Date,
  settled?: string,
): Promise<{ period?: string; added: boolean }> {
  const moment = latestRun(parseCron(config.DIGEST_CRON), config.DIGEST_TZ, now);
  if (!moment || now.getTime() - moment.getTime() > LATE_LIMIT_MS) return { added: false };
  const period = moment.toISOString();
  if (period === settled) return { period, added: false };
  const added = await memdesk.delivery.accept({ inbox_id: newId('inbox', now), ...toInboxRow({ kind: 'weekly_digest', period }), keys: [digestKey(period)] });
  return { period, added };
}

/** Posts the digest for the week before `until` to the escalation channel; the effect key makes a retry a no-op. */
export async function postWeeklyDigest(
  until: Date,
  deps: { memdesk: Memdesk; client: webApi.WebClient; escalationChannelId?: string | undefined; effects: EffectLedger; logger: Logger; key: string },
): Promise<'posted' | 'skipped'> {
  if (!deps.escalationChannelId) {
    deps.logger.warn('ESCALATION_CHANNEL_ID is not set; weekly digest not posted');
    return 'skipped';
  }
  const channel = deps.escalationChannelId;
  const digest = await buildWeeklyDigest(deps.memdesk, until);
  const message = digestBlocks(digest);
  await deps.effects.once(
    deps.key,
    async () => {
      const r = await deps.client.chat.postMessage({ channel, ...message, metadata: effectMetadata(deps.key) } as unknown as webApi.ChatPostMessageArguments);
      return { ts: r.ts ?? '' };
    },
    () => findPostedEffect(deps.client, { channel }, deps.key),
  );
  deps.logger.info({ key: deps.key, tickets: digest.report.tickets, breaches: digest.report.breaches.length }, 'weekly digest posted');
  return 'posted';
}
