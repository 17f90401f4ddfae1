// The command line's commands and flags as src/cli/program.ts defines them, and the entries of the
// "## Command line" section of README.md (its `npx memdesk …` lines) or docs/reference.md (its table
// rows) that document each, so the docs tests can name a command or flag nobody wrote down.
import type { Command } from 'commander';
import { buildProgram } from '../../src/cli/program.js';

export interface CliCommand {
  /** `kb search`, `memory list`, `tickets`. */
  name: string;
  /** Long flags: `--json`, `--no-memory`. */
  flags: string[];
}

function leaves(command: Command, path: string[]): CliCommand[] {
  if (command.commands.length) return command.commands.flatMap((c) => leaves(c, [...path, c.name()]));
  return [{ name: path.join(' '), flags: command.options.map((o) => o.long).filter((f): f is string => f !== undefined) }];
}

export function cliCommands(): CliCommand[] {
  // The program is only read here, never run: it needs nowhere to write and no environment.
  return leaves(buildProgram({ out: () => {}, err: () => {} }, {}), []);
}

const docNames = { readme: 'README.md', reference: 'docs/reference.md' } as const;

/** The "## Command line" section: from its heading to the next heading of the same level. */
function commandLineSection(doc: string): string {
  const start = doc.indexOf('\n## Command line');
  if (start < 0) return '';
  const end = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, end < 0 ? undefined : end);
}

/**
 * The documentation of each command: README lines `npx memdesk <command> …` (with the `# …` lines that
 * continue them), reference rows ``| `memdesk <command> …` | … |``. An entry belongs to the longest
 * command name it starts with, so `memdesk kb search` is not `memdesk kb`.
 */
function entries(doc: string, kind: keyof typeof docNames, names: string[]): Map<string, string[]> {
  const opener = kind === 'readme' ? /^npx memdesk (.*)$/ : /^\| `memdesk ([^|]*)/;
  const byCommand = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of commandLineSection(doc).split('\n')) {
    const opened = opener.exec(line)?.[1];
    if (opened !== undefined) {
      const name = names.filter((n) => opened === n || opened.startsWith(`${n} `) || opened.startsWith(`${n}\``)).sort((a, b) => b.length - a.length)[0];
      current = name === undefined ? undefined : (byCommand.get(name) ?? byCommand.set(name, []).get(name));
      current?.push(line);
    } else if (kind === 'readme' && /^\s+#/.test(line)) {
      current?.push(line);
    } else {
      current = undefined;
    }
  }
  return byCommand;
}

/**
 * Commands the document's "## Command line" does not list, and flags missing from their command's
 * entries. `--json`, which every command takes, is documented once for all: the section says so.
 */
export function undocumentedFlags(doc: string, kind: keyof typeof docNames): string[] {
  const file = docNames[kind];
  const commands = cliCommands();
  const documented = entries(doc, kind, commands.map((c) => c.name));
  const section = commandLineSection(doc);
  const problems: string[] = [];
  if (!/every command takes `--json`/i.test(section)) problems.push(`${file} "## Command line" does not say that every command takes \`--json\``);
  for (const command of commands) {
    if (!command.flags.includes('--json')) problems.push(`memdesk ${command.name} has no --json in src/cli/program.ts, but the docs say every command takes it`);
    const lines = documented.get(command.name);
    if (!lines) {
      problems.push(`memdesk ${command.name} is a command in src/cli/program.ts but ${file} does not list it under "## Command line"`);
      continue;
    }
    const text = lines.join('\n');
    for (const flag of command.flags) {
      if (flag === '--json') continue;
      if (!new RegExp(`${flag}(?![a-z-])`).test(text)) {
        problems.push(`memdesk ${command.name} ${flag} is a flag in src/cli/program.ts but ${file} does not show it where it lists memdesk ${command.name} (under "## Command line")`);
      }
    }
  }
  return problems;
}
