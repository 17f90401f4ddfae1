// Which internal articles (runbooks) a handoff brief names. Every escalation used to list the internal
// search's top two whatever the ticket was about (over eval/real: 269 of 343 briefs named one, 193 of
// them one that did not fit the message's labelled issue type), so the person taking the ticket learned
// to skip the line. Named now: a retrieved internal article the policy lists for the ticket's issue type
// (knowledge.runbooks: the incident runbook for an outage). The customer answers' bar, a passage scoring
// knowledge.min_score, was measured as the rule and dropped: it named 4 runbooks there, none fitting
// (the answerability is fitted on customer questions and articles; "call me" meets the runbook's "on-call").
import type { KnowledgePassage } from './knowledge.js';
import type { Rules } from './policy.js';
import type { IssueType } from './tools.js';

export function briefedRunbooks(internal: KnowledgePassage[], issueType: IssueType, rules: Rules): KnowledgePassage[] {
  const forType = rules.knowledge.runbooks[issueType] ?? [];
  return internal.filter((p, i, all) => forType.includes(p.article_id) && all.findIndex((q) => q.article_id === p.article_id) === i);
}
