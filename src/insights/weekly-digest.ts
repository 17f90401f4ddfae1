// The weekly digest: the support report for the seven days before a moment (the scheduled one, or
// now when staff ask with `/memory digest`), with the open knowledge gaps grouped by topic. Slack's
// Block Kit rendering is in src/slack/digest-blocks.ts; the schedule and the once-per-period claim
// in src/slack/weekly-digest-post.ts.
import type { KnowledgeGap } from '../core/knowledge.js';
import type { ReportReader } from './report-records.js';
import { buildSupportReport, type SupportReport } from './support-report.js';

const WEEK_MS = 7 * 86_400_000;

export interface WeeklyDigest {
  since: string;
  until: string;
  report: SupportReport;
  /** Open knowledge gaps by topic, most first, with the newest question of each. */
  gaps: { topic: string; questions: number; latest: string }[];
}

export async function buildWeeklyDigest(deps: { report: ReportReader; knowledgeGaps(): Promise<KnowledgeGap[]> }, until: Date): Promise<WeeklyDigest> {
  const since = new Date(until.getTime() - WEEK_MS).toISOString();
  const [records, gaps] = await Promise.all([deps.report.read({ since, now: until.toISOString() }), deps.knowledgeGaps()]);
  const byTopic = new Map<string, KnowledgeGap[]>();
  for (const g of gaps) if (g.status === 'open' && g.found_at >= since) byTopic.set(g.topic, [...(byTopic.get(g.topic) ?? []), g]);
  return {
    since,
    until: until.toISOString(),
    report: buildSupportReport(records, { since, now: until }),
    gaps: [...byTopic]
      .map(([topic, list]) => ({ topic, questions: list.length, latest: [...list].sort((a, b) => b.found_at.localeCompare(a.found_at))[0]!.question }))
      .sort((a, b) => b.questions - a.questions || a.topic.localeCompare(b.topic))
      .slice(0, 5),
  };
}
