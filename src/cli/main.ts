// memdesk's command line entry point: parses argv with the program (src/cli/program.ts) and turns an
// error into its message and exit status.
import { describeError } from '../exit-status.js';
import { buildProgram } from './program.js';

try {
  await buildProgram().parseAsync(process.argv);
} catch (err) {
  const { message, exitCode } = describeError(err);
  process.stderr.write(`${message}\n`);
  process.exitCode = exitCode;
}
