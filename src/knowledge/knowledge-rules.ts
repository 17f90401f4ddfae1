// The help-center rule in POLICY_DIR/rules.yml: how well the best passage must match before memdesk
// answers from it. Below knowledge.min_score a how-to goes to a person ("no article covers this").
import { join } from 'node:path';
import { z } from 'zod';
import { readYamlFile } from '../files/yaml-file.js';

export const knowledgeRulesSchema = z.object({
  min_score: z.number().min(0).max(1),
});
export type KnowledgeRules = z.infer<typeof knowledgeRulesSchema>;

export function loadKnowledgeRules(policyDir: string): KnowledgeRules {
  return readYamlFile(join(policyDir, 'rules.yml'), z.object({ knowledge: knowledgeRulesSchema }).loose()).knowledge;
}
