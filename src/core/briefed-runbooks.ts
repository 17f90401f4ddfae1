// Which internal articles (runbooks) a handoff brief names. Every escalation used to list the internal
// search's top two whatever the ticket was about (over eval/real: 269 of 343 briefs named one, 193 of
// them one that did not fit the message's labelled issue type), so the person taking the ticket learned
// to skip the line. Named now: the articles the policy lists for the ticket's issue type (knowledge.runbooks:
// the incident runbook for an outage), whether or not the message shares a word with them ("the dashboard
// is down" meets none of the runbook's): 165 briefs there name one, 152 fitting. The customer answers' bar,
// a passage scoring knowledge.min_score, was measured as the rule and dropped: it named 4 runbooks there,
// none fitting (the answerability is fitted on customer questions and articles; "call me" meets the
// runbook's "on-call").
import type { ArticleLink, KnowledgePassage, KnowledgeSearch } from './knowledge.js';
import type { Rules } from './policy.js';
import type { IssueType } from './tools.js';

export async function briefedRunbooks(
  internal: KnowledgePassage[],
  issueType: IssueType,
  rules: Rules,
  knowledge: KnowledgeSearch | undefined,
  warn: (err: unknown, id: string) => void,
): Promise<ArticleLink[]> {
  const listed = rules.knowledge.runbooks[issueType] ?? [];
  const found = await Promise.all(
    listed.map(async (id) => {
      const retrieved = internal.find((p) => p.article_id === id);
      if (retrieved || !knowledge) return retrieved;
      // A help center that cannot be read leaves the runbook out; the brief is written all the same.
      return knowledge.article(id).catch((err: unknown) => (warn(err, id), undefined));
    }),
  );
  return found.filter((a): a is ArticleLink => a !== undefined);
}

/**
 * The articles rules.yml names that the help center does not hold, as "field: article id" (the runbooks
 * knowledge.runbooks lists, an issue's template_article): a misspelt id would otherwise leave every brief of
 * that type without its runbook, or answer every sign-in problem with the template, and say nothing.
 */
export async function missingRuleArticles(rules: Rules, knowledge: KnowledgeSearch): Promise<string[]> {
  const listed = [
    ...Object.entries(rules.knowledge.runbooks).flatMap(([type, ids]) => (ids ?? []).map((id) => ({ field: `knowledge.runbooks.${type}`, id }))),
    ...Object.entries(rules.issues).flatMap(([type, issue]) => (issue.template_article ? [{ field: `issues.${type}.template_article`, id: issue.template_article }] : [])),
  ];
  const found = await Promise.all(listed.map(({ id }) => knowledge.article(id)));
  return listed.filter((_, i) => !found[i]).map(({ field, id }) => `${field}: ${id}`);
}
