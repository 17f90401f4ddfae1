// docs/reference.md is what users read to configure memdesk. These tests keep it in step with the code:
// a variable added to src/config.ts or .env.example without a line in the reference fails here, naming
// the variable and where to document it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config.js';

const readRepoFile = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const reference = readRepoFile('docs/reference.md');
const envExample = readRepoFile('.env.example');

/** Variables the reference documents, as `NAME` in backticks (table rows and prose alike). */
const documented = new Set([...reference.matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1]));

/** KEY=… lines of .env.example, commented-out ones included (they are examples too). */
function envExampleKeys(): { key: string; commented: boolean }[] {
  return [...envExample.matchAll(/^(#\s*)?([A-Z][A-Z0-9_]*)=/gm)].map((m) => ({ key: m[2]!, commented: m[1] !== undefined }));
}

function missingFrom(keys: string[], source: string): string[] {
  return keys
    .filter((k) => !documented.has(k))
    .map((k) => `${k} (in ${source}) is not in docs/reference.md: add a row for \`${k}\` to the table under "## Environment variables" (what it does, its values, its default)`);
}

describe('docs/reference.md', () => {
  it('documents every variable src/config.ts reads', () => {
    const keys = Object.keys(configSchema.shape);
    expect(keys.length).toBeGreaterThan(10);
    expect(missingFrom(keys, 'src/config.ts configSchema')).toEqual([]);
  });

  it('documents every variable .env.example shows', () => {
    const keys = envExampleKeys().map((e) => e.key);
    expect(keys).toContain('DECIDER');
    expect(missingFrom(keys, '.env.example')).toEqual([]);
  });

  it('shows in .env.example only variables memdesk reads (development-only ones commented out)', () => {
    const read = new Set(Object.keys(configSchema.shape));
    const unread = envExampleKeys()
      .filter((e) => !e.commented && !read.has(e.key))
      .map((e) => `${e.key} is set in .env.example but src/config.ts does not read it: add it to configSchema, or comment it out as development-only`);
    expect(unread).toEqual([]);
  });

  it('lists every command of the CLI', () => {
    // src/cli/main.ts parses argv when imported, so its commands are read from its source.
    const cli = readRepoFile('src/cli/main.ts');
    const groups = new Map([...cli.matchAll(/const (\w+) = program\.command\('([a-z-]+)'\)/g)].map((m) => [m[1]!, m[2]!]));
    // `kb.command('sync')` is `memdesk kb sync`; `program.command('tickets')` is `memdesk tickets`.
    const commands = [...cli.matchAll(/(\w+)\s*\.command\('([a-z-]+)'\)/g)].map((m) =>
      groups.has(m[1]!) ? `${groups.get(m[1]!)} ${m[2]}` : m[2]!,
    );
    expect(commands).toContain('kb search');
    const missing = commands
      .filter((c) => !reference.includes(`memdesk ${c}`))
      .map((c) => `memdesk ${c} is a command in src/cli/main.ts but docs/reference.md does not list it: add it to the table under "## Command line", and its --json shape below`);
    expect(missing).toEqual([]);
  });
});
