// The page's Insights section reads the support report exactly as `memdesk report --json` makes it:
// the store's report records for the period, summarised by the one report function.
import { DAY_MS } from '../clock.js';
import type { Memdesk } from '../memdesk.js';
import { buildSupportReport, type SupportReport } from '../insights/support-report.js';
import { pageRequestError } from './page-actions.js';

/** The periods the page offers, in days back from now (as `memdesk report --since 30d` counts them). */
export const insightPeriods = [7, 30, 90] as const;

export async function insightsView(memdesk: Memdesk, opts: { days: number }): Promise<SupportReport> {
  if (!insightPeriods.includes(opts.days as (typeof insightPeriods)[number])) throw pageRequestError(400, `Insights cover ${insightPeriods.join(', ')} days.`);
  const now = memdesk.clock.now();
  const since = new Date(now.getTime() - opts.days * DAY_MS).toISOString();
  return buildSupportReport(await memdesk.report.read({ since }), { since, now });
}
