// docs/reference.md is what users read to configure memdesk. These tests keep it in step with the code:
// a variable added to src/config.ts or .env.example without a line in the reference fails here, naming
// the variable and where to document it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config.js';
import { cliCommands, undocumentedFlags } from '../support/cli-commands.js';

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

  it('sets in .env.example only the defaults memdesk uses when a variable is unset', () => {
    const shape = configSchema.shape as Record<string, { parse(v: unknown): unknown }>;
    const differ = [...envExample.matchAll(/^([A-Z][A-Z0-9_]*)=(.+)$/gm)]
      .filter(([, key]) => key! in shape)
      .filter(([, key, value]) => JSON.stringify(shape[key!]!.parse(value)) !== JSON.stringify(shape[key!]!.parse(undefined)))
      .map(([line, key]) => `.env.example sets ${line}, but unset ${key} is ${JSON.stringify(shape[key!]!.parse(undefined))}: show the default (or leave it empty)`);
    expect(differ).toEqual([]);
  });

  it('lists every command of the CLI', () => {
    const missing = cliCommands()
      .filter((c) => !reference.includes(`memdesk ${c.name}`))
      .map((c) => `memdesk ${c.name} is a command in src/cli/program.ts but docs/reference.md does not list it: add it to the table under "## Command line", and its --json shape below`);
    expect(missing).toEqual([]);
  });

  it('lists every flag of every command in its row of "## Command line"', () => {
    expect(undocumentedFlags(reference, 'reference')).toEqual([]);
  });
});

describe('README.md', () => {
  const readme = readRepoFile('README.md');

  it('lists every command of the CLI with every flag in "## Command line"', () => {
    expect(undocumentedFlags(readme, 'readme')).toEqual([]);
  });

  it('names a command or flag left out of the list', () => {
    const withoutBreaching = readme.replace(/\[?--breaching\]?/g, '');
    expect(undocumentedFlags(withoutBreaching, 'readme')).toEqual([expect.stringMatching(/^memdesk tickets --breaching is a flag in src\/cli\/program\.ts but README\.md/)]);
    const withoutReport = readme.replace(/^npx memdesk report.*\n/gm, '');
    expect(undocumentedFlags(withoutReport, 'readme')).toEqual([expect.stringMatching(/^memdesk report is a command in src\/cli\/program\.ts but README\.md does not list it/)]);
  });
});
