// The hand-labelled Music and Bicycles meta questions (DATA.md): the committed training rows must be
// exactly the labels' typed questions with the labels' types, each credited, so the file rebuilt by
// `import-public-text.ts --discussion --labels` and the one trained on cannot drift apart.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/compose.js';
import { readingIssueTypes } from '../../src/core/reading.js';

const dir = join(projectRoot, 'data', 'reader');
const lines = (file: string) =>
  readFileSync(join(dir, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');

const labels = lines('se-meta-discussion.labels.tsv')
  .slice(1)
  .map((line) => line.split('\t'));
const rows = lines('se-meta-discussion.jsonl').map((line) => JSON.parse(line) as { id: string; issue_type: string; text: string });
const credits = lines('se-meta-discussion.attribution.tsv')
  .slice(1)
  .map((line) => line.split('\t'));

describe('the hand-labelled meta discussion questions', () => {
  it('gives every question one known label and a reason', () => {
    expect(labels.length).toBe(858);
    expect(new Set(labels.map(([id]) => id)).size).toBe(labels.length);
    for (const [id, label, why] of labels) {
      expect(id).toMatch(/^(music|bicycles)-meta-\d+$/);
      expect([...readingIssueTypes, 'skip']).toContain(label);
      expect(why?.trim(), id).not.toBe('');
    }
  });

  it('trains on exactly the typed questions, with their labels, each credited under CC BY-SA', () => {
    const typed = labels.filter(([, label]) => label !== 'skip').map(([id, label]) => `${id} ${label}`);
    expect(rows.map((row) => `${row.id} ${row.issue_type}`)).toEqual(typed);
    expect(rows.every((row) => row.text.length > 0 && row.text.length <= 1200)).toBe(true);
    expect(credits.map(([id]) => id)).toEqual(rows.map((row) => row.id));
    for (const [id, link, author, licence] of credits) {
      expect(link, id).toMatch(/^https:\/\/(music|bicycles)\.meta\.stackexchange\.com\/q\/\d+$/);
      expect(author, id).not.toBe('');
      expect(licence, id).toMatch(/^CC BY-SA (2\.5|3\.0|4\.0)$/);
    }
  });
});
