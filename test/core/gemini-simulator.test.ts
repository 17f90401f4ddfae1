// The simulated Gemini used by the chaos run answers like a careful model: same actions as the policy engine.
import { describe, expect, it } from 'vitest';
import { startGeminiSimulator } from '../support/gemini-simulator.js';
import { DEMO_MESSAGE, testMemdesk } from '../support/memdesk-env.js';

describe('gemini simulator', () => {
  it('drives the real SDK through the demo to the same actions', async () => {
    const sim = await startGeminiSimulator();
    const m = await testMemdesk({ DECIDER: 'gemini', GEMINI_API_KEY: 'k', GEMINI_BASE_URL: sim.baseUrl });
    try {
      await m.seed(m.demoSeed(), {});
      const ben = await m.handleTicket({ user: 'cust_ben', message: DEMO_MESSAGE });
      expect(ben.decided_by).toBe('gemini');
      expect(ben.ticket.priority).toBe('urgent');
      expect(sim.stats.calls).toBe(2);
    } finally {
      await m.cleanup();
      await sim.close();
    }
  });
});
