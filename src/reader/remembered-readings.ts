// The reader with its latest readings of a lone message kept by text. The inbox ranks a new message
// at the door (inbox-priority.ts) and its turn reads the same words moments later: the reader is
// deterministic, so the turn takes the door's reading instead of running both models again. A message
// read with its thread is read afresh (the thread changes the reading). Bounded like the other memos.
// The second opinion (reconsider) is passed through as it is: it runs in the turn only.
import { boundedMemo } from '../bounded-memo.js';
import { earlierMessages, type Reader } from '../core/reading.js';

const MAX_REMEMBERED_READINGS = 4096;

export function rememberedReadings(reader: Reader, max = MAX_REMEMBERED_READINGS): Reader {
  const readAlone = boundedMemo((text) => reader.read({ text }), max);
  const issueType = reader.issueType?.bind(reader);
  const reconsider = reader.reconsider?.bind(reader);
  const requestWords = reader.requestWords?.bind(reader);
  return {
    read: (input) => (earlierMessages(input).length === 0 ? readAlone(input.text) : reader.read(input)),
    ...(issueType ? { issueType } : {}),
    ...(reconsider ? { reconsider } : {}),
    ...(requestWords ? { requestWords } : {}),
  };
}
