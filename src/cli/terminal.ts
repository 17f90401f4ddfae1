// Where a command writes: its output on stdout, its notes, errors and log lines on stderr. The
// process's own (stdio) when memdesk runs as a program; a test running a command in process passes its own.
import { createLogger, type Logger } from '../log.js';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}
/** A CliIo over two writers: each text is one or more whole lines (a newline is added when it has none). */
export function linesTo(out: (text: string) => void, err: (text: string) => void): CliIo {
  const line = (t: string) => (t.endsWith('\n') ? t : `${t}\n`);
  return { out: (t) => out(line(t)), err: (t) => err(line(t)) };
}

export const stdio: CliIo = linesTo(
  (t) => process.stdout.write(t),
  (t) => process.stderr.write(t),
);

/** A command's log lines (JSON, LOG_LEVEL) on its own stderr, each written as it comes. */
export function commandLogger(level: string, io: CliIo): Logger {
  return createLogger(level, { write: (line: string) => io.err(line) });
}
