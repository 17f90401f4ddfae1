// memdesk's command line, every command and option in one definition: src/cli/run-cli.ts parses argv
// with it, and the docs test reads it to check that README.md and docs/reference.md list every
// command and flag. Each command's code is in its own file, loaded only when that command runs.
import { Command } from 'commander';
import type { CliIo } from './terminal.js';

/**
 * Every command writes to `io` and reads its settings from `env`, never from the process's own, so a
 * command runs the same in process (tests) as in `node bin/memdesk.js`. `exitStatus` hears the status
 * a command ends with when it succeeds but still fails the run (eval: a missed target is 1).
 */
export function buildProgram(io: CliIo, env: NodeJS.ProcessEnv, exitStatus: (code: number) => void = () => {}): Command {
  const program = new Command('memdesk').description('A Slack support agent whose memory changes the next support action.');
  // Commander's help, usage and errors go where the commands' output goes; subcommands inherit it.
  program.configureOutput({ writeOut: (text) => io.out(text), writeErr: (text) => io.err(text) });
  program.showHelpAfterError();
  // A command line commander cannot parse (unknown option, missing argument or required option) is a
  // usage error: run-cli.ts exits 2 for it, as for any other, instead of commander's own exit 1.
  program.exitOverride();
  program
    .command('demo')
    .description('the before/after experiment: same message, three customers, baseline then seeded')
    .option('--history <days>', 'instead: write a deterministic history of past tickets over this many days (90d) for the insights page')
    .option('--json', 'machine-readable output')
    .action(async (o) => {
      const { demoCommand } = await import('./demo.js');
      await demoCommand(o, io, env);
    });
  program
    .command('seed')
    .description('write memories from a seed file (default: the demo seed)')
    .option('--file <path>', 'seed file (YAML)')
    .option('--json', 'machine-readable output')
    .action(async (o) => {
      const { seedCommand } = await import('./seed.js');
      await seedCommand(o, io, env);
    });
  program
    .command('ask')
    .description('one ticket through the whole loop without Slack')
    .requiredOption('--user <id>', 'a Slack user id or a customer id')
    .option('--ticket <id>', 'continue this open ticket')
    .option('--no-memory', 'decide without memory (baseline): no retrieval, no write-back')
    .option('--json', 'machine-readable output')
    .argument('<message...>', 'what the customer wrote')
    .action(async (words: string[], o) => {
      const { askCommand } = await import('./ask.js');
      await askCommand(words.join(' '), o, io, env);
    });
  const memory = program.command('memory').description('what memdesk remembers');
  memory
    .command('list')
    .option('--customer <id>')
    .option('--account <id>')
    .option('--json', 'machine-readable output')
    .action(async (o) => {
      const { memoryListCommand } = await import('./memory.js');
      await memoryListCommand(o, io, env);
    });
  memory
    .command('forget')
    .description('erase every memory of a scope (right to erasure)')
    .option('--customer <id>')
    .option('--account <id>')
    .option('--json', 'machine-readable output')
    .action(async (o) => {
      const { memoryForgetCommand } = await import('./memory.js');
      await memoryForgetCommand(o, io, env);
    });
  program
    .command('tickets')
    .description('tickets with status, priority and SLA clocks')
    .option('--breaching', 'only tickets past or near (75% of the window) an SLA due time')
    .option('--json', 'machine-readable output')
    .action(async (o) => {
      const { ticketsCommand } = await import('./tickets.js');
      await ticketsCommand(o, io, env);
    });
  program
    .command('report')
    .description('support insights for a period: volume, response times, SLA compliance, deflection, what memory changed')
    .option('--since <period>', 'how far back: 12h, 30d, 2w or a date (2026-11-01)', '30d')
    .option('--account <id>', 'only this account')
    .option('--json', 'machine-readable output')
    .action(async (o) => {
      const { reportCommand } = await import('./report.js');
      await reportCommand(o, io, env);
    });
  program
    .command('eval')
    .description('run the decision scenarios (or, with --set real, the real development set; with --set knowledge, the help-center questions) and print the table and rates')
    .option('--set <name>', 'scenarios, real or knowledge', 'scenarios')
    .option('--file <file>', 'the set\'s file: real set, labelled messages (default eval/real/messages.jsonl); knowledge set, questions (default eval/knowledge/questions.jsonl; eval/knowledge/public.jsonl: public questions)')
    .option('--questions <file>', 'knowledge set: same as --file')
    .option('--without <parts>', 'knowledge set: measure without typos, tags and/or foreign-words (comma list)')
    .option('--with <parts>', 'knowledge set: measure with translate (foreign words mapped to English)')
    .option('--decider <name>', 'policy, gemini or openai', 'policy')
    .option('--trials <k>', 'run each scenario K times and report pass^K', '1')
    .option('--scenarios <dir>', 'folder of scenario files (default: test/scenarios)')
    .option('--json', 'machine-readable output')
    .action(async (o) => {
      const { evalCommand } = await import('./eval.js');
      exitStatus(await evalCommand(o, io, env));
    });
  const kb = program.command('kb').description('the help-center articles memdesk answers from (KNOWLEDGE_DIR)');
  kb.command('import')
    .description('import a folder of Markdown/HTML, a Zendesk Help Center articles export or an Intercom articles export')
    .argument('<path>', 'folder, file, or JSON export')
    .option('--base-url <url>', 'link for articles that carry no URL of their own: <base-url>/<article id>')
    .option('--json', 'machine-readable output')
    .action(async (path: string, o) => {
      const { kbImportCommand } = await import('./kb.js');
      await kbImportCommand(path, o, io, env);
    });
  kb.command('sync')
    .description('re-index KNOWLEDGE_DIR (only articles whose content changed)')
    .option('--json', 'machine-readable output')
    .action(async (o) => {
      const { kbSyncCommand } = await import('./kb.js');
      await kbSyncCommand(o, io, env);
    });
  kb.command('search')
    .description('passages that answer a question, with scores')
    .argument('<question...>', 'what a customer asked')
    .option('--limit <n>', 'passages to show', '5')
    .option('--all', 'include internal articles (staff view)')
    .option('--json', 'machine-readable output')
    .action(async (words: string[], o) => {
      const { kbSearchCommand } = await import('./kb.js');
      await kbSearchCommand(words.join(' '), o, io, env);
    });
  kb.command('gaps')
    .description('questions no article answered (resolved by staff), grouped by topic, with draft articles')
    .option('--all', 'include gaps whose draft was accepted')
    .option('--json', 'machine-readable output')
    .action(async (o) => {
      const { kbGapsCommand } = await import('./kb-gaps.js');
      await kbGapsCommand(o, io, env);
    });
  kb.command('accept')
    .description("write a gap's draft article into KNOWLEDGE_DIR and index it")
    .argument('<gap>', 'the gap id from memdesk kb gaps')
    .option('--json', 'machine-readable output')
    .action(async (gap: string, o) => {
      const { kbAcceptCommand } = await import('./kb-gaps.js');
      await kbAcceptCommand(gap, o, io, env);
    });
  return program;
}
