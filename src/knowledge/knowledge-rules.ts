// The help-center rule in POLICY_DIR/rules.yml: how well the best passage must match before memdesk
// answers from it. Below knowledge.min_score a how-to goes to a person ("no article covers this").
// The key has one reader, the rules schema of src/core/policy.ts; this is its view for the eval and
// the knowledge tools, so a change to the rule can never mean two things.
import { loadPolicy, type Rules } from '../core/policy.js';

export type KnowledgeRules = Rules['knowledge'];

export function loadKnowledgeRules(policyDir: string): KnowledgeRules {
  return loadPolicy(policyDir).rules.knowledge;
}
