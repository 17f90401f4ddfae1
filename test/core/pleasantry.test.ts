// One rule for a closing pleasantry: the Slack side ignores such a thread message (no new turn), and the reader
// marks such a ticket's text as needing no decision. Both callers' cases live here.
import { describe, expect, it } from 'vitest';
import { isPleasantry } from '../../src/core/pleasantry.js';

describe('isPleasantry', () => {
  it.each([
    'thanks!', 'ok', 'OK 👍', 'Thank you so much!', 'Thank you so much 🙏', 'got it, cheers', 'thx', '🙏', '[raised hands] thanks',
    'great thanks for your help', 'Thanks for trying to help.', 'thanks for the quick reply',
    'Danke schön!', 'Vielen Dank', 'alles klar', 'Merci beaucoup', "d'accord", 'muchas gracias', 'Obrigado!', 'Bedankt!', 'dank je wel',
  ])('"%s" is a pleasantry', (t) => {
    expect(isPleasantry(t)).toBe(true);
  });
  it.each([
    'thanks, but it still fails', 'ok what about the refund?', 'INV-2041', 'yes', 'Hi', '??', 'no thanks, I want to cancel',
    'thanks, your fix did not work', 'thanks for your help, the export is still empty', 'Danke, aber der Export geht immer noch nicht',
    'thanks for your help, the reset link never arrived',
  ])('"%s" is a turn', (t) => {
    expect(isPleasantry(t)).toBe(false);
  });
  it.each(['ok and your response?', 'ok so your reply?', 'great, your support?', 'ok, time to reply?'])('"%s" chases a reply: a turn', (t) => {
    expect(isPleasantry(t)).toBe(false);
  });
});
