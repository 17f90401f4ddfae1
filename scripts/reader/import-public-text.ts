// One-off import of labelled public text that is not in ../shared/data into data/reader/, with a
// credit line per row. Run with the source files taken from the commits named in DATA.md:
//   git -C <music-meta clone> show edee2d7f:Posts.xml > /tmp/music-meta-posts.xml
//   git -C <3D printing meta clone> show 9851e7c4:Posts.xml > /tmp/3dprinting-meta-posts.xml
//   git -C <gitbugs clone> show eadf2d67:hadoop/hadoop_bugs.csv > /tmp/hadoop_bugs.csv
//   for l in it da id tr lt sr no; do git -C <xsid clone> show 761d926c:data/xSID-0.7/$l.valid.conll > /tmp/xsid/$l.valid.conll; done
//   git -C <ai-meta clone> show 55ef8bd2:Posts.xml > /tmp/ai-meta-posts.xml
//   git -C <bicycles-meta clone> show 063b27a3:data/Posts.xml > /tmp/bicycles-meta-posts.xml
//   for f in {curekart,powerplay11,sofmattress}_{train,test}; do git -C <HINT3 clone> show 99965c8:dataset/v2/${f%_*}/$f.csv > /tmp/hint3/$f.csv; done
//     (train files sit under dataset/v2/train/, test files under dataset/v2/test/)
//   npx tsx scripts/reader/import-public-text.ts --music-meta /tmp/music-meta-posts.xml \
//     --3dprinting-meta /tmp/3dprinting-meta-posts.xml --ai-meta /tmp/ai-meta-posts.xml \
//     --bicycles-meta /tmp/bicycles-meta-posts.xml \
//     --hadoop /tmp/hadoop_bugs.csv --xsid /tmp/xsid --hint3 /tmp/hint3
//   npx tsx scripts/reader/import-public-text.ts --music-meta /tmp/music-meta-posts.xml \
//     --bicycles-meta /tmp/bicycles-meta-posts.xml --discussion --labels data/reader/se-meta-discussion.labels.tsv
//     (--discussion writes only data/reader/se-meta-discussion.jsonl, from the questions the tags leave
//     untyped: typed by the hand labels in --labels, rows labelled `skip` left out; without --labels,
//     typed by their titles (`discussionType`) as an earlier experiment did; --out writes elsewhere)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readingIssueTypes } from '../../src/core/reading.js';
import { csvRows } from './corpus.js';
import { hint3Map } from './label-maps.js';

const { values: args } = parseArgs({
  options: {
    'music-meta': { type: 'string' },
    '3dprinting-meta': { type: 'string' },
    'ai-meta': { type: 'string' },
    'bicycles-meta': { type: 'string' },
    hadoop: { type: 'string' },
    xsid: { type: 'string' },
    hint3: { type: 'string' },
    /** Type the meta questions the tags leave untyped by what their titles ask (se-meta-discussion.jsonl). */
    discussion: { type: 'boolean', default: false },
    /** With --discussion: comma-separated `id<TAB>issue_type|skip<TAB>why` files typing those questions by hand. */
    labels: { type: 'string' },
    /** With --discussion: where to write the rows (default data/reader/se-meta-discussion.jsonl; credits beside it). */
    out: { type: 'string', default: 'data/reader/se-meta-discussion.jsonl' },
  },
});

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', mdash: '—', ndash: '–', hellip: '…' };
function unescapeHtml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, code: string) => {
    if (code.startsWith('#x') || code.startsWith('#X')) return String.fromCodePoint(parseInt(code.slice(2), 16));
    if (code.startsWith('#')) return String.fromCodePoint(parseInt(code.slice(1), 10));
    return entities[code.toLowerCase()] ?? whole;
  });
}

/** Same trimming as the development set's README: no code, quotes or links; at most 1,200 characters. */
function plainText(html: string): string {
  const text = html
    .replace(/<pre[\s\S]*?<\/pre>/gi, ' ')
    .replace(/<blockquote[\s\S]*?<\/blockquote>/gi, ' ')
    .replace(/<code>[\s\S]*?<\/code>/gi, ' ')
    .replace(/<[^>]+>/g, ' ');
  return cut(unescapeHtml(text).replace(/https?:\/\/\S+/g, ' ').replace(/\s+/g, ' ').trim());
}

function cut(text: string, limit = 1200): string {
  if (text.length <= limit) return text;
  const head = text.slice(0, limit);
  const end = Math.max(head.lastIndexOf('. '), head.lastIndexOf('? '), head.lastIndexOf('! '));
  return end > limit / 2 ? head.slice(0, end + 1) : head;
}

/** Stack Exchange's licence follows the post's date. */
function stackExchangeLicence(created: string): string {
  if (created < '2011-04-08') return 'CC BY-SA 2.5';
  if (created < '2018-05-02') return 'CC BY-SA 3.0';
  return 'CC BY-SA 4.0';
}

interface ImportedRow {
  id: string;
  text: string;
  issue_type: string;
  native_label: string;
  lang: 'en';
  source: string;
}

interface MetaSite {
  key: string;
  host: string;
  origin: string;
}

const musicMetaSite: MetaSite = { key: 'music-meta', host: 'music.meta.stackexchange.com', origin: 'spreusche/Tp-especial-XML@edee2d7:Posts.xml' };
const aiMetaSite: MetaSite = { key: 'ai-meta', host: 'ai.meta.stackexchange.com', origin: 'bigheiniu/machine-comprehension@55ef8bd:Posts.xml' };
const bicyclesMetaSite: MetaSite = { key: 'bicycles-meta', host: 'bicycles.meta.stackexchange.com', origin: 'woodstock-dev/code-challenge-10-18-2023@063b27a:data/Posts.xml' };
const printingMetaSite: MetaSite = { key: '3dprinting-meta', host: '3dprinting.meta.stackexchange.com', origin: 'arianeborges/sentiment-analysis-with-python@9851e7c:Posts.xml' };

/** Meta tags whose questions ask the site's staff to act for them, as DATA.md describes. */
const staffActionTags = new Set(['tag-synonyms', 'retag-request', 'spam']);

/**
 * A meta question the tags leave untyped (mostly tagged only `discussion`), typed by what its title
 * asks, under the development set's labelling guide (eval/real/README.md): a report that something
 * is broken or gone → outage; asking staff to merge, rename or delete tags, or reporting spam,
 * plagiarism, sock puppets or offensive names → other; "can we get / please add / we need" →
 * feature_request; "how do I / where can I / may I / is it OK / are X questions on topic?" → how_to.
 * "Should we …" debates about the site's policy, and every other title, are left out.
 */
function discussionType(title: string): string | null {
  const t = title.toLowerCase().trim();
  if (/\b(bug|broken|not working|doesn'?t work|does not work|error|bad formatting|not showing|disappear\w*|wrong(ly)? display\w*)\b/.test(t)) return 'outage';
  if (/\b(synonyms?|merge|merging|delete tag|blacklist|burninate|rename the tag|tag merge|misspel\w*|spam\w*|serial\w*|plagiari\w*|two accounts|offensive|copied to|stolen|without (asking )?my permission|suspend\w*)\b/.test(t)) return 'other';
  if (/^(can we (get|have|add|customi[sz]e|make)|could we (add|get|have|improve)|please (add|improve|relax|enable|allow)|proposal|proposed|we need an? |would it make sense to have|request:|feature request|add (a|an|the) |allow |enable |should we add an? )/.test(t)) return 'feature_request';
  if (t.startsWith('should we')) return null;
  if (
    /^(how (do|can|should|does|would) (i|you|one|we)\b|how to\b|where (can|should|do|would) (i|one)\b|where to\b|can i\b|may i\b|is it (ok|okay|acceptable|allowed|appropriate|possible)\b|am i allowed|are we allowed|is there (a way|anywhere|any way)|what is the (proper|correct|right|best) way|what does\b|why (was|is|did) my\b|how long\b|when will\b|is (this|my) question\b|what'?s the right place)/.test(t) ||
    /^(is|are|can|would|may)\b.*\b(on|off)[- ]?topic\b/.test(t)
  )
    return 'how_to';
  return null;
}

/**
 * Hand labels for the untyped meta questions: one `id<TAB>issue_type|skip<TAB>why` line per question
 * (a header line starting `id<TAB>` is allowed). An unknown type or a repeated id is an error.
 */
function handLabels(paths: string[]): Map<string, string> {
  const labels = new Map<string, string>();
  for (const path of paths) {
    readFileSync(path, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (line.trim() === '' || line.startsWith('id\t')) return;
        const [id, label] = line.split('\t');
        if (!id || !label || !(label === 'skip' || (readingIssueTypes as readonly string[]).includes(label))) throw new Error(`${path}:${i + 1}: expected id<TAB>issue type or skip<TAB>why, got ${line}`);
        if (labels.has(id)) throw new Error(`${path}:${i + 1}: ${id} is labelled twice`);
        labels.set(id, label);
      });
  }
  return labels;
}

/** How an untyped question is typed: by its hand label (`skip`: left out), or else by its title. */
type DiscussionTyping = { labels: Map<string, string> } | 'title';

function stackExchangeMeta(site: MetaSite, path: string, discussion: DiscussionTyping | null = null): { rows: ImportedRow[]; credits: string[] } {
  const xml = readFileSync(path, 'utf8');
  const rows: ImportedRow[] = [];
  const credits = ['id\tlink\tauthor\tlicence'];
  for (const [row] of xml.matchAll(/<row [^>]*PostTypeId="1"[^>]*\/>/g)) {
    const attribute = (name: string) => {
      const match = new RegExp(` ${name}="([^"]*)"`).exec(row);
      return match ? unescapeHtml(match[1]!) : '';
    };
    const tags = [...attribute('Tags').matchAll(/<([^>]+)>/g)].map((m) => m[1]!);
    // A bug report is an outage (a broken product); asking staff to merge or retag tags, or to act
    // on spam, is `other` (only staff can do it); a feature request is one; a support question asks how.
    const type = tags.includes('bug')
      ? 'outage'
      : tags.some((tag) => staffActionTags.has(tag))
        ? 'other'
        : tags.includes('feature-request')
          ? 'feature_request'
          : tags.includes('support')
            ? 'how_to'
            : null;
    // With `discussion`, only the questions the tags leave untyped, typed by hand or by their titles.
    const id = attribute('Id');
    const chosen = discussion === null ? type : type ? null : discussion === 'title' ? discussionType(attribute('Title')) : untypedLabel(discussion.labels, `${site.key}-${id}`);
    if (!chosen) continue;
    const text = cut(`${attribute('Title')}. ${plainText(attribute('Body'))}`);
    rows.push({ id: `${site.key}-${id}`, text, issue_type: chosen, native_label: tags.join('|'), lang: 'en', source: `${site.origin}#${id}` });
    const author = attribute('OwnerDisplayName') || (attribute('OwnerUserId') ? `https://${site.host}/users/${attribute('OwnerUserId')}` : 'unknown');
    credits.push([`${site.key}-${id}`, `https://${site.host}/q/${id}`, author, stackExchangeLicence(attribute('CreationDate'))].join('\t'));
  }
  return { rows, credits };
}

/** A hand label, or null for `skip`; an untyped question nobody labelled is an error, so none is lost silently. */
function untypedLabel(labels: Map<string, string>, id: string): string | null {
  const label = labels.get(id);
  if (label === undefined) throw new Error(`${id}: untyped meta question has no hand label (--labels)`);
  return label === 'skip' ? null : label;
}

const failure = /\b(fail\w*|error\w*|exception|crash\w*|broken|npe|nullpointer\w*|not work\w*|doesn'?t work|hang\w*|stuck|timeout|timed out|corrupt\w*|lost|leak\w*|wrong|incorrect\w*|unable|cannot|can't)\b/i;

function hadoop(path: string): ImportedRow[] {
  return csvRows(path).flatMap(([summary, id, , , resolution, , , , description]) => {
    if (!summary || !id) return [];
    // Only reports that describe a failure: the tracker also holds tasks and improvements.
    if (!failure.test(summary) || resolution === 'Not A Problem' || resolution === "Won't Fix") return [];
    const text = cut(`${summary}. ${(description ?? '').replace(/\{code[^}]*\}[\s\S]*?\{code\}/g, ' ').replace(/\{noformat\}[\s\S]*?\{noformat\}/g, ' ').replace(/https?:\/\/\S+/g, ' ').replace(/\s+/g, ' ')}`, 600);
    return [{ id: `hadoop-${id}`, text, issue_type: 'outage', native_label: 'bug', lang: 'en' as const, source: `av9ash/gitbugs@eadf2d6:hadoop/hadoop_bugs.csv#${id}` }];
  });
}

const toJsonl = (rows: ImportedRow[]) => rows.map((row) => JSON.stringify(row)).join('\n') + '\n';
const metaSites = [[musicMetaSite, args['music-meta']], [printingMetaSite, args['3dprinting-meta']], [aiMetaSite, args['ai-meta']], [bicyclesMetaSite, args['bicycles-meta']]] as const;
if (args.discussion) {
  const typing: DiscussionTyping = args.labels ? { labels: handLabels(args.labels.split(',')) } : 'title';
  const all = metaSites.flatMap(([site, path]) => (path ? [stackExchangeMeta(site, path, typing)] : []));
  const rows = all.flatMap((a) => a.rows);
  writeFileSync(args.out!, toJsonl(rows));
  writeFileSync(args.out!.replace(/\.jsonl$/, '.attribution.tsv'), [all[0]?.credits[0] ?? '', ...all.flatMap((a) => a.credits.slice(1))].join('\n') + '\n');
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.issue_type, (counts.get(row.issue_type) ?? 0) + 1);
  console.log(`meta discussion questions typed ${typing === 'title' ? 'by title' : 'by hand'}: ${rows.length} rows (${[...counts].map(([t, n]) => `${t} ${n}`).join(', ')})`);
}
for (const [site, path] of args.discussion ? [] : metaSites) {
  if (!path) continue;
  const { rows, credits } = stackExchangeMeta(site, path);
  writeFileSync(`data/reader/se-${site.key}.jsonl`, toJsonl(rows));
  writeFileSync(`data/reader/se-${site.key}.attribution.tsv`, credits.join('\n') + '\n');
  console.log(`${site.host}: ${rows.length} rows`);
}
if (args.hadoop) {
  const rows = hadoop(args.hadoop);
  writeFileSync('data/reader/gitbugs-hadoop.jsonl', toJsonl(rows));
  console.log(`hadoop: ${rows.length} rows`);
}

/**
 * HINT3: what users typed to three production chatbots (train files: the bot builders' examples;
 * test files: real user messages). Labelled rows only, mapped by `hint3Map`; rows mostly in
 * Devanagari are left out (the language model reads them as `other` anyway).
 */
function hint3(dir: string): ImportedRow[] {
  const rows: ImportedRow[] = [];
  const seen = new Set<string>();
  for (const bot of ['curekart', 'powerplay11', 'sofmattress']) {
    for (const split of ['train', 'test']) {
      csvRows(join(dir, `${bot}_${split}.csv`)).forEach(([sentence, label], i) => {
        const type = hint3Map.get(`${bot}/${label}`);
        const text = (sentence ?? '').replace(/\s+/g, ' ').trim();
        const key = text.toLowerCase();
        if (!type || text === '' || seen.has(key) || /\p{Script=Devanagari}/u.test(text)) return;
        seen.add(key);
        rows.push({ id: `hint3-${bot}-${split}-${i + 2}`, text, issue_type: type, native_label: `${bot}/${label}`, lang: 'en', source: `hellohaptik/HINT3@99965c8:dataset/v2/${split}/${bot}_${split}.csv#${i + 2}` });
      });
    }
  }
  return rows;
}
if (args.hint3) {
  const rows = hint3(args.hint3);
  writeFileSync('data/reader/hint3.jsonl', toJsonl(rows));
  console.log(`hint3: ${rows.length} rows`);
}

/** Languages memdesk does not answer in, so the language model can learn to say `other`. */
const otherLanguages = ['it', 'da', 'id', 'tr', 'lt', 'sr', 'no'];
if (args.xsid) {
  const rows = otherLanguages.flatMap((lang) =>
    [...readFileSync(join(args.xsid!, `${lang}.valid.conll`), 'utf8').matchAll(/^# text = (.+)$/gm)]
      .slice(0, 200)
      .map(([, text], i) => JSON.stringify({ id: `xsid-${lang}-${i}`, text: text!.trim(), lang, source: `mainlp/xsid@761d926:data/xSID-0.7/${lang}.valid.conll` })),
  );
  writeFileSync('data/reader/xsid-other-languages.jsonl', rows.join('\n') + '\n');
  console.log(`xsid other languages: ${rows.length} rows`);
}
