// The development set of real customer messages: the committed file must load, be as large and as
// varied as issue 12 asks, credit every row to a licensed source, and never call an unsafe action
// acceptable; a broken file must fail with its line named.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultRealSetFile, loadRealSet } from '../../src/eval/real-set.js';
import { MemdeskError } from '../../src/errors.js';

const realDir = dirname(defaultRealSetFile);

const tempDirs: string[] = [];
function writeSet(lines: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'memdesk-real-'));
  tempDirs.push(dir);
  const file = join(dir, 'messages.jsonl');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}
afterEach(() => {
  for (const d of tempDirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const row = {
  id: 'real-0001',
  text: 'Someone else is using my card, freeze it.',
  source: 'banking77-test',
  lang: 'en',
  issue_types: ['security'],
  actions: ['escalate'],
  asks_for_human: false,
  security_or_outage: true,
};

describe('the committed development set', () => {
  const messages = loadRealSet();
  const sources = [...new Set(messages.map((m) => m.source))];

  it('holds at least 450 real messages from at least 3 sources', () => {
    expect(messages.length).toBeGreaterThanOrEqual(450);
    expect(sources.length).toBeGreaterThanOrEqual(3);
  });

  it('covers every issue type memdesk knows, and security and outage reports in number', () => {
    const firstTypes = new Set(messages.map((m) => m.issue_types[0]));
    for (const t of ['billing', 'outage', 'security', 'access', 'how_to', 'cancellation', 'feature_request', 'other'])
      expect(firstTypes, t).toContain(t);
    expect(messages.filter((m) => m.security_or_outage).length).toBeGreaterThanOrEqual(50);
  });

  it('credits every row: an attribution line per id, and each source in the README and under LICENSES', () => {
    const attribution = readFileSync(join(realDir, 'attribution.tsv'), 'utf8').trim().split('\n').slice(1);
    const attributed = new Map(attribution.map((l) => [l.split('\t')[0], l.split('\t')[1]]));
    for (const m of messages) expect(attributed.get(m.id), m.id).toBe(m.source);
    const readme = readFileSync(join(realDir, 'README.md'), 'utf8');
    const licenses = readdirSync(join(realDir, 'LICENSES'));
    for (const s of sources) {
      expect(readme, s).toContain(`\`${s}\``);
      expect(licenses.some((f) => f.startsWith(s.replace(/^se-.*/, 'stack-exchange')))).toBe(true);
    }
  });

  it('never calls asking for an invoice or for generic detail acceptable on a security or outage report', () => {
    const unsafe = messages.filter((m) => m.security_or_outage && m.actions.some((a) => a === 'ask:invoice_id' || a === 'ask:details'));
    expect(unsafe.map((m) => m.id)).toEqual([]);
  });

  it('accepts a person for every how-to question: the help center covers none of these products (README rule)', () => {
    const howTo = messages.filter((m) => m.issue_types.includes('how_to') && m.actions.includes('answer'));
    expect(howTo.length).toBeGreaterThan(100);
    expect(howTo.filter((m) => !m.actions.includes('escalate')).map((m) => m.id)).toEqual([]);
  });

  it('lets a feature request be logged and a cancellation go to a person', () => {
    for (const m of messages.filter((x) => x.issue_types.length === 1 && x.issue_types[0] === 'feature_request')) expect(m.actions).toContain('log_feedback');
    for (const m of messages.filter((x) => x.issue_types[0] === 'cancellation')) expect(m.actions).toContain('escalate');
  });
});

describe('loading a development set', () => {
  it('reads a well-formed file', () => {
    expect(loadRealSet(writeSet([JSON.stringify(row)]))).toEqual([row]);
  });

  it('names the file and line of a line that is not JSON', () => {
    const file = writeSet([JSON.stringify(row), '{"id": "real-0002",']);
    expect(() => loadRealSet(file)).toThrow(MemdeskError);
    expect(() => loadRealSet(file)).toThrow(`${file}:2: not valid JSON`);
  });

  it('names the field that is wrong', () => {
    const file = writeSet([JSON.stringify({ ...row, issue_types: ['refund'] }), JSON.stringify({ ...row, id: 'real-0002', actions: ['reply'] })]);
    expect(() => loadRealSet(file)).toThrow(`${file}:1: issue_types.0`);
    const second = writeSet([JSON.stringify({ ...row, actions: ['reply'] })]);
    expect(() => loadRealSet(second)).toThrow(`${second}:1: actions.0`);
  });

  it('refuses an id used twice', () => {
    const file = writeSet([JSON.stringify(row), JSON.stringify(row)]);
    expect(() => loadRealSet(file)).toThrow(`${file}:2: id real-0001 is used twice`);
  });
});
