// The before/after experiment gives the same actions on hosted Mem0 (local server) as on the embedded store.
import { describe, expect, it } from 'vitest';
import { runDemo } from '../../src/cli/demo.js';
import { startMem0Server } from '../support/mem0-server.js';
import { testMemdesk } from '../support/memdesk-env.js';

describe('demo on both memory stores', () => {
  it('gives the same table', async () => {
    const mem0 = await startMem0Server();
    const onPlatform = await testMemdesk({ MEMORY: 'mem0-platform', MEM0_API_KEY: mem0.apiKey, MEM0_HOST: mem0.url });
    const embedded = await testMemdesk();
    try {
      const shape = (rows: Awaited<ReturnType<typeof runDemo>>['rows']) => rows.map((r) => [r.customer_id, r.phase, r.tools_executed.join('+'), r.priority]);
      const a = await runDemo(onPlatform);
      const b = await runDemo(embedded);
      expect(shape(a.rows)).toEqual(shape(b.rows));
      expect(a.followUp.retrieved.customer.some((m) => m.memory.includes(a.rows[4]!.ticket_id))).toBe(true);
      // seeded facts went up as exact facts, outcomes as inferable ones, each scoped
      const adds = mem0.sent('POST', '/v3/memories/add/').map((r) => r.body as { infer: boolean; user_id: string });
      expect(adds.filter((x) => x.infer === false).length).toBe(7);
      expect(adds.filter((x) => x.infer === true).every((x) => /^test:customer:cust_/.test(x.user_id))).toBe(true);
    } finally {
      await onPlatform.cleanup();
      await embedded.cleanup();
      await mem0.close();
    }
  });
});
