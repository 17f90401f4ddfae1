// A pino logger whose lines a test reads back (parsed JSON), for what memdesk logs: a warning named once,
// a re-index's progress, a start-up check.
import { Writable } from 'node:stream';
import { pino, type Level } from 'pino';

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export function capturedLogger(level: Level = 'warn') {
  const lines: LogLine[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)) as LogLine);
      done();
    },
  });
  return { logger: pino({ level }, stream), lines };
}
