// `memdesk kb gaps` and `memdesk kb accept <id>`: the questions the help center did not answer (found
// when staff resolved them), grouped by topic with their draft articles, and accepting a draft into
// KNOWLEDGE_DIR. These read tickets and the operation log, so they open the whole memdesk.
import type { KnowledgeGap } from '../core/knowledge.js';
import { withMemdesk } from './run.js';
import type { CliIo } from './terminal.js';
import { clip, renderTable } from './table.js';

export async function kbGapsCommand(opts: { json?: boolean; all?: boolean }, io: CliIo, env: NodeJS.ProcessEnv): Promise<KnowledgeGap[]> {
  return withMemdesk(
    async (memdesk) => {
      const gaps = (await memdesk.knowledgeGaps()).filter((g) => opts.all || g.status === 'open');
      if (opts.json) {
        io.out(JSON.stringify({ gaps }, null, 2));
        return gaps;
      }
      if (!gaps.length) {
        io.out(opts.all ? 'No knowledge gaps.' : 'No open knowledge gaps (--all shows accepted ones too).');
        return gaps;
      }
      const topics = [...new Set(gaps.map((g) => g.topic))];
      for (const topic of topics) {
        io.out(`\n${topic}`);
        io.out(
          renderTable(
            ['gap', 'why', 'question', 'draft'],
            gaps.filter((g) => g.topic === topic).map((g) => [g.gap_id, g.reason === 'not_helpful' ? `marked No (${g.articles[0] ?? '?'})` : 'no article', clip(g.question, 50), g.status === 'accepted' ? `accepted as ${g.accepted_as}` : draftLabel(g)]),
          ),
        );
      }
      io.out('\nmemdesk kb accept <gap> writes a draft into KNOWLEDGE_DIR (--json shows each draft in full).');
      return gaps;
    },
    { io, env },
  );
}

/** The draft's path, and who wrote it: the staff resolution's sentences, or the model (a draft to check). */
const draftLabel = (g: KnowledgeGap): string => `${g.draft.article_id} (${g.draft.written_by === 'model' ? `model draft, ${g.draft.model ?? 'model'}` : 'extractive'})`;

export async function kbAcceptCommand(gapId: string, opts: { json?: boolean }, io: CliIo, env: NodeJS.ProcessEnv): Promise<void> {
  await withMemdesk(
    async (memdesk) => {
      const accepted = await memdesk.acceptKnowledgeGap(gapId, { actor: 'cli' });
      if (opts.json) return io.out(JSON.stringify({ gap_id: gapId, ...accepted }, null, 2));
      io.out(accepted.already ? `${gapId} was already accepted as ${accepted.article_id} (${accepted.file}).` : `Wrote ${accepted.file} and indexed it as ${accepted.article_id}.`);
    },
    { io, env },
  );
}
