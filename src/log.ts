// One structured logger. Every ticket's lines carry its trace_id via child loggers.
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Lines are written to stderr in batches of up to 4 KB, and at least every 200 ms: a busy bot
 * writes a few lines per ticket, and one write each cost more CPU than the lines themselves. On exit
 * (including after an uncaught error) pino flushes what is left; only a killed process loses its
 * last fraction of a second.
 */
const BATCH_BYTES = 4096;
const FLUSH_MS = 200;

/** `destination`: where the lines go instead (a `memdesk` command writes them to its own stderr, a line at a time). */
export function createLogger(level: string = 'info', destination?: DestinationStream): Logger {
  // Logs go to stderr so that `--json` output on stdout stays machine-readable.
  return pino({ level, base: { app: 'memdesk' } }, destination ?? pino.destination({ dest: 2, minLength: BATCH_BYTES, periodicFlush: FLUSH_MS, sync: false }));
}
