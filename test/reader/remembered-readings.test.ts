// The door's reading of a new message is the one its turn uses: the reader runs once per lone
// message, and a message read with its thread is read afresh.
import { expect, it } from 'vitest';
import type { Reader, ReaderInput } from '../../src/core/reading.js';
import { rememberedReadings } from '../../src/reader/remembered-readings.js';
import { TrainedReader } from '../../src/reader/trained-reader.js';

it('reads a lone message once and gives the same reading after, and reads a threaded one afresh', () => {
  const trained = TrainedReader.load();
  const inputs: ReaderInput[] = [];
  const counting: Reader = { read: (input) => (inputs.push(input), trained.read(input)) };
  const reader = rememberedReadings(counting);
  const text = 'Nobody on our team can log in since 9am and production work is blocked!';

  const atTheDoor = reader.read({ text });
  const inTheTurn = reader.read({ text, thread: [] });
  expect(inTheTurn).toBe(atTheDoor);
  expect(inTheTurn).toEqual(trained.read({ text }));
  expect(inputs).toHaveLength(1);

  const followUp = reader.read({ text: 'still broken', thread: [text] });
  expect(followUp).toEqual(trained.read({ text: 'still broken', thread: [text] }));
  expect(inputs).toHaveLength(2);
});
