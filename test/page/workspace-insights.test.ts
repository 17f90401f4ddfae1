// The local workspace's `GET /workspace/insights?days=7|30|90` answers the `report --json` object for
// that many days back (docs/reference.md), and names the periods it covers when asked for another.
import { describe, expect, it } from 'vitest';
import { testEnv } from '../support/memdesk-env.js';
import { workspaceForFile } from './test-workspace.js';

const workspaceNow = workspaceForFile(() => testEnv());

describe('GET /workspace/insights', () => {
  it('answers the report --json object for the last 30 days', async () => {
    const res = await fetch(`${workspaceNow().url}/workspace/insights?days=30`);
    expect(res.status).toBe(200);
    const report = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(report).sort()).toEqual(
      ['since', 'account_id', 'tickets', 'by_type', 'by_day', 'first_response_ms', 'resolution_ms', 'sla_compliance', 'breaches', 'deflection_rate', 'helpful_rate', 'memory_changed_rate', 'memory_reasons', 'fallbacks', 'blocked_calls', 'blocked_replies', 'knowledge_gaps', 'top_accounts'].sort(),
    );
    expect(report).toMatchObject({ tickets: 0, by_type: {}, breaches: [], top_accounts: [], first_response_ms: { p50: null, p90: null, count: 0, by_plan: {} } });
    // Thirty days before the workspace's clock, which starts at the MEMDESK_NOW testEnv pins (2026-11-25T10:00:00Z).
    expect(report.since).toMatch(/^2026-10-26T10:00/);
  });

  it('refuses a period it does not cover, naming the ones it does', async () => {
    const res = await fetch(`${workspaceNow().url}/workspace/insights?days=5`);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'Insights cover 7, 30, 90 days.' });
  });
});
