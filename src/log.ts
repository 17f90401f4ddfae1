// One structured logger. Every ticket's lines carry its trace_id via child loggers.
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string = 'info'): Logger {
  // Logs go to stderr so that `--json` output on stdout stays machine-readable.
  return pino({ level, base: { app: 'memdesk' } }, pino.destination(2));
}
