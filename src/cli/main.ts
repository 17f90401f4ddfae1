// memdesk's command line entry point: parses argv with the program (src/cli/program.ts) and turns an
// error into its message and exit status.
import { CommanderError } from 'commander';
import { describeError } from '../exit-status.js';
import { buildProgram } from './program.js';

try {
  await buildProgram().parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // Commander has printed its message and the usage; --help ends with status 0.
    process.exitCode = err.exitCode === 0 ? 0 : 2;
  } else {
    const { message, exitCode } = describeError(err);
    process.stderr.write(`${message}\n`);
    process.exitCode = exitCode;
  }
}
