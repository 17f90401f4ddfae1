// One run of memdesk's command line: parses the arguments with the program (src/cli/program.ts), runs
// the command, and turns an error into its message and exit status. main.ts runs it with the
// process's arguments, terminal and environment; tests run it in process with their own.
import { CommanderError } from 'commander';
import { describeError } from '../exit-status.js';
import { buildProgram } from './program.js';
import type { CliIo } from './terminal.js';

/** `args`: what follows `memdesk` (`['tickets', '--json']`). Returns the exit status. */
export async function runCli(args: string[], io: CliIo, env: NodeJS.ProcessEnv): Promise<number> {
  let status = 0;
  try {
    await buildProgram(io, env, (code) => {
      status = code;
    }).parseAsync(args, { from: 'user' });
    return status;
  } catch (err) {
    // Commander has written its message and the usage; --help ends with status 0.
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    const { message, exitCode } = describeError(err);
    io.err(message);
    return exitCode;
  }
}
