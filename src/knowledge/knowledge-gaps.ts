// The gap loop: questions the help center did not answer (recorded in the operation log when staff
// resolved them), each with a draft article built from the staff resolution, grouped by topic; and
// accepting a draft, which writes it into KNOWLEDGE_DIR and indexes it at once. Offline, drafts are
// extractive (every sentence from the staff answer). With Gemini or the OpenAI-compatible decider
// configured, the model writes each open gap's draft once (logged as knowledge_gap_drafted, so every
// later list shows the same text) and it is marked written_by "model"; when the model fails, the gap
// keeps its extractive draft and the next list tries again. Nothing is published until staff accept it.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Clock } from '../clock.js';
import { memdeskError } from '../errors.js';
import type { OperationLog } from '../core/events.js';
import type { DraftWriter, KnowledgeGap } from '../core/knowledge.js';
import type { Logger } from '../log.js';
import { draftArticle, modelDraftArticle, publicText, type DraftArticle } from './draft-article.js';
import type { KnowledgeBase } from './knowledge-base.js';
import { readKnowledgeDir } from './knowledge-dir.js';
import { syncKnowledgeDir } from './open-knowledge-base.js';

export interface KnowledgeGapDeps {
  operationLog: OperationLog;
  knowledge: KnowledgeBase;
  knowledgeDir: string;
  clock: Clock;
  /** Writes drafts with the configured model; without it drafts stay extractive. */
  draftWriter?: DraftWriter;
  logger?: Logger;
}

/** Model drafts being written now, so two lists at once ask the model once per gap. */
const writing = new Map<string, Promise<void>>();

/** Every gap found, open ones first, then by topic and newest first. */
export async function listKnowledgeGaps(deps: KnowledgeGapDeps): Promise<KnowledgeGap[]> {
  const urlBase = helpCenterBase(deps.knowledgeDir);
  const gaps: KnowledgeGap[] = [];
  let logged = await deps.operationLog.read({ kinds: ['knowledge_gap_found', 'knowledge_gap_drafted', 'knowledge_gap_accepted'] });
  if (deps.draftWriter && (await writeModelDrafts(deps, deps.draftWriter, logged, urlBase))) {
    logged = await deps.operationLog.read({ kinds: ['knowledge_gap_found', 'knowledge_gap_drafted', 'knowledge_gap_accepted'] });
  }
  const accepted = new Map(logged.flatMap((op) => (op.kind === 'knowledge_gap_accepted' ? [[op.detail.gap_id, op.detail.article_id] as const] : [])));
  const drafted = new Map(logged.flatMap((op) => (op.kind === 'knowledge_gap_drafted' ? [[op.detail.gap_id, op.detail] as const] : [])));
  for (const found of logged) {
    // A ticket's gap is found once (ticket-status.ts checks), so each found event is one gap.
    if (found.kind !== 'knowledge_gap_found' || found.ticket_id === null) continue;
    const d = found.detail;
    const byModel = drafted.get(d.gap_id);
    const draft = byModel
      ? { id: byModel.article_id, text: byModel.text, title: byModel.title }
      : (({ id, text, article }: DraftArticle) => ({ id, text, title: article.title }))(draftArticle({ question: d.question, resolution: d.resolution, topic: d.topic, urlBase, today: found.at.slice(0, 10) }));
    const acceptedAs = accepted.get(d.gap_id);
    gaps.push({
      gap_id: d.gap_id,
      ticket_id: found.ticket_id,
      reason: d.reason,
      question: d.question,
      resolution: d.resolution,
      topic: d.topic,
      articles: d.articles,
      found_at: found.at,
      draft: byModel ? { article_id: draft.id, title: draft.title, text: draft.text, written_by: 'model', model: byModel.model } : { article_id: draft.id, title: draft.title, text: draft.text, written_by: 'extractive' },
      status: acceptedAs ? 'accepted' : 'open',
      ...(acceptedAs ? { accepted_as: acceptedAs } : {}),
    });
  }
  return gaps.sort((a, b) => (a.status === b.status ? 0 : a.status === 'open' ? -1 : 1) || a.topic.localeCompare(b.topic) || b.found_at.localeCompare(a.found_at));
}

/** Has the model write the draft of each open gap that has none yet; true when it asked (the log may have changed). */
async function writeModelDrafts(deps: KnowledgeGapDeps, writer: DraftWriter, logged: Awaited<ReturnType<OperationLog['read']>>, urlBase: string): Promise<boolean> {
  const done = new Set(logged.flatMap((op) => (op.kind === 'knowledge_gap_drafted' || op.kind === 'knowledge_gap_accepted' ? [op.detail.gap_id] : [])));
  let asked = false;
  for (const found of logged) {
    if (found.kind !== 'knowledge_gap_found' || found.ticket_id === null || done.has(found.detail.gap_id)) continue;
    const d = found.detail;
    const ticketId = found.ticket_id;
    let pending = writing.get(d.gap_id);
    if (!pending) {
      pending = (async () => {
        try {
          const written = await writer.write({ question: publicText(d.question), resolution: publicText(d.resolution) });
          const draft = modelDraftArticle({ ...written, question: d.question, topic: d.topic, urlBase, today: deps.clock.now().toISOString().slice(0, 10) });
          await deps.operationLog.append({
            trace_id: `trace_${ticketId}_gap`,
            ticket_id: ticketId,
            kind: 'knowledge_gap_drafted',
            detail: { gap_id: d.gap_id, article_id: draft.id, title: draft.article.title, text: draft.text, model: writer.model },
          });
        } catch (err) {
          deps.logger?.warn({ gap_id: d.gap_id, err: err instanceof Error ? err.message : String(err) }, 'the model did not write the gap draft; it stays extractive');
        }
      })().finally(() => writing.delete(d.gap_id));
      writing.set(d.gap_id, pending);
    }
    await pending;
    asked = true;
  }
  return asked;
}

/** Writes the gap's draft into KNOWLEDGE_DIR (never over another article) and re-indexes. */
export async function acceptKnowledgeGap(deps: KnowledgeGapDeps, gapId: string, by: { actor: string }): Promise<{ article_id: string; file: string; already: boolean }> {
  const gap = (await listKnowledgeGaps(deps)).find((g) => g.gap_id === gapId);
  if (!gap) throw memdeskError('usage', `no knowledge gap "${gapId}" (memdesk kb gaps lists them)`);
  if (gap.status === 'accepted' && gap.accepted_as) {
    return { article_id: gap.accepted_as, file: join(deps.knowledgeDir, `${gap.accepted_as}.md`), already: true };
  }
  let id = gap.draft.article_id;
  let text = gap.draft.text;
  for (let n = 2; existsSync(join(deps.knowledgeDir, `${id}.md`)) && readFileSync(join(deps.knowledgeDir, `${id}.md`), 'utf8') !== text; n++) {
    // Another article has this path: the draft takes the next free one, with its link to match.
    id = `${gap.draft.article_id}-${n}`;
    text = gap.draft.text.replace(`/${gap.draft.article_id}\n`, `/${id}\n`).replace(`/${gap.draft.article_id}"\n`, `/${id}"\n`);
  }
  const file = join(deps.knowledgeDir, `${id}.md`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  await syncKnowledgeDir(deps.knowledge, deps.knowledgeDir);
  await deps.operationLog.append({
    trace_id: `trace_${gap.ticket_id}_gap`,
    ticket_id: gap.ticket_id,
    kind: 'knowledge_gap_accepted',
    detail: { gap_id: gapId, article_id: id, actor: by.actor },
  });
  return { article_id: id, file, already: false };
}

/** The help center's address, from the articles it has (drafts link beside them). */
function helpCenterBase(knowledgeDir: string): string {
  const first = readKnowledgeDir(knowledgeDir)[0];
  if (!first) return 'https://help.example.com';
  const url = new URL(first.url);
  return url.origin;
}
