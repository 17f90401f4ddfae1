// memdesk's command line entry point: one run (src/cli/run-cli.ts) with this process's arguments,
// terminal and environment; its status is the process's exit status.
import { runCli } from './run-cli.js';
import { stdio } from './terminal.js';

process.exitCode = await runCli(process.argv.slice(2), stdio, process.env);
