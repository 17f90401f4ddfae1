// A hook into the turn at the moment memdesk decides: the reader a test harness is started with runs
// `run` once, when the turn reads the customer's message `text` (the ticket is open, nothing is posted
// yet). Tests use it to have a person answer in the thread "while memdesk decides".
import type { Reader } from '../../src/core/reading.js';

export interface WhileDeciding {
  /** Pass to the harness as `wrapReader`. */
  wrapReader(reader: Reader): Reader;
  /** Runs `run` once, the next time the turn reads `text`. */
  when(text: string, run: () => void): void;
}

export function whileDeciding(): WhileDeciding {
  let hook: { text: string; run(): void } | undefined;
  return {
    wrapReader: (reader) => ({
      ...reader,
      read(input) {
        // The turn reads with the ticket's thread (empty on a new ticket); the inbox's ranking reads the text alone.
        if (hook && input.thread && input.text === hook.text) {
          const due = hook;
          hook = undefined;
          due.run();
        }
        return reader.read(input);
      },
    }),
    when(text, run) {
      hook = { text, run };
    },
  };
}
