// The import rules of docs/reference.md ("Architecture"), checked on every file under src/: the decision
// core knows only itself and the shared modules; adapters never reach up into the front doors; the SQL
// layer knows nothing of the app; nothing imports the command line. A new import that breaks a rule
// fails here with the file and the import named.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const src = 'src';
const shared = new Set(['bounded-memo', 'clock', 'errors', 'files', 'ids', 'log']);
const adapters = new Set(['decide', 'reader', 'knowledge', 'tools', 'memory', 'store', 'directory', 'insights']);
const frontDoors = new Set(['slack', 'page', 'emulator', 'cli', 'compose', 'main', 'memdesk', 'eval', 'demo']);
/** Ports a front door owns and an adapter implements (the adapter lives beside its store, the port beside its user). */
const portsOwnedByFrontDoors = new Set(['slack/delivery-ledger.ts']);

interface Import {
  from: string;
  to: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:import|export)[^'"]*?from\s+'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)/g)].map((m) => (m[1] ?? m[2])!);
  return specifiers.map((s) => ({ from: relative(src, file), to: relative(src, normalize(join(dirname(file), s.replace(/\.js$/, '.ts')))) }));
}

/** The top-level module a path under src/ belongs to: its folder, or its file name without the extension. */
const moduleOf = (path: string) => path.split('/')[0]!.replace(/\.ts$/, '');

const allImports = sourceFiles(src).flatMap(importsOf);
const broken = (rule: (i: Import) => boolean) => allImports.filter(rule).map((i) => `${i.from} imports ${i.to}`);

describe('import rules', () => {
  it('reads the imports of every source file', () => {
    expect(allImports.length).toBeGreaterThan(500);
    expect(allImports).toContainEqual({ from: 'compose.ts', to: 'memdesk.ts' });
  });

  it('the decision core imports only itself and the shared modules', () => {
    expect(broken((i) => moduleOf(i.from) === 'core' && !['core', ...shared].includes(moduleOf(i.to)))).toEqual([]);
  });

  it('adapters never import a front door (only the ports a front door owns)', () => {
    expect(broken((i) => adapters.has(moduleOf(i.from)) && frontDoors.has(moduleOf(i.to)) && !portsOwnedByFrontDoors.has(i.to))).toEqual([]);
  });

  it('the SQL layer imports nothing of the app, and memory never imports the records store', () => {
    expect(broken((i) => moduleOf(i.from) === 'sql' && moduleOf(i.to) !== 'sql')).toEqual([]);
    expect(broken((i) => moduleOf(i.from) === 'memory' && moduleOf(i.to) === 'store')).toEqual([]);
  });

  it('Slack only translates: it never imports the page, the local workspace, the CLI or the composition root', () => {
    expect(broken((i) => moduleOf(i.from) === 'slack' && ['page', 'emulator', 'cli', 'compose', 'main'].includes(moduleOf(i.to)))).toEqual([]);
  });

  it('nothing imports the command line or the process entry point', () => {
    expect(broken((i) => moduleOf(i.from) !== 'cli' && ['cli', 'main'].includes(moduleOf(i.to)))).toEqual([]);
  });
});
