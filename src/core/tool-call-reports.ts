// What a turn's tool calls came to, as its outcome reports them (and as the inbox learns them early).
import type { ToolCallReport, ToolOutcome } from './ports.js';

export function toolCallReports(outcomes: ToolOutcome[]): ToolCallReport[] {
  return outcomes.map((o) => ({
    name: o.name,
    args: o.call.args,
    status: o.status,
    ...(o.reason ? { reason: o.reason } : {}),
    ...(o.result ? { result: o.result } : {}),
  }));
}
