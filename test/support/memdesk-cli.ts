// The project's command line, two ways. In process: runCli (src/cli/run-cli.ts, what bin/memdesk.js
// runs) with the test's arguments, environment and a captured stdout/stderr: what a command prints,
// writes and exits with, without starting Node, tsx and the whole app for every call. As a process
// (node bin/memdesk.js …): for the tests where the process is the point (the bin as a user runs it,
// log lines on the process's stderr, a killed process).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { runCli } from '../../src/cli/run-cli.js';
import { linesTo } from '../../src/cli/terminal.js';

export interface CliRun {
  stdout: string;
  stderr: string;
  code: number;
}

/** One command run in process: its output and exit status, whether it succeeded or not. */
export async function runMemdesk(args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCli(args, linesTo((t) => stdout.push(t), (t) => stderr.push(t)), env);
  return { stdout: stdout.join(''), stderr: stderr.join(''), code };
}

/**
 * One command run in process, its stdout; a non-zero exit rejects with an error carrying `code`,
 * `stdout` and `stderr`, as `execFile` does for a process.
 */
export async function memdeskStdout(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const run = await runMemdesk(args, env);
  if (run.code === 0) return run.stdout;
  throw Object.assign(new Error(`memdesk ${args.join(' ')} exited with ${run.code}: ${run.stderr}`), run);
}

const execFileAsync = promisify(execFile);

/** One command as a user runs it, `node bin/memdesk.js …`: its output and exit code, whether it succeeded or not. */
export async function runMemdeskProcess(args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  try {
    const { stdout, stderr } = await execFileAsync('node', ['bin/memdesk.js', ...args], { env, timeout: 60_000 });
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const e = err as CliRun;
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}
