import { availableParallelism } from 'node:os';
import { relative } from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that take longest, started
 * before all others: a long file started last would leave one worker running it alone at the end.
 * Files not listed keep vitest's own order (cached durations when it has them, else larger files first).
 */
const slowestFirst = [
  // Seconds of one worker in a full run on a 2-core machine loaded by other work (Dec 2026, after the
  // CLI suites moved in process): the order matters, not the figures.
  'test/chaos/chaos.test.ts', // 191 s: real bot processes killed and restarted, on SQLite and PostgreSQL
  'test/core/openai-loop.test.ts', // 94 s: every scenario against the OpenAI-compatible server
  'test/slack/staff-in-the-loop.test.ts', // 83 s
  'test/cli/demo-history.test.ts', // 77 s
  'test/eval/eval.test.ts', // 73 s
  'test/page/insights-in-browser.test.ts', // 66 s: Chromium
  'test/eval/real-eval.test.ts', // 58 s
  'test/page/experiment-in-browser.test.ts', // 51 s: Chromium
  'test/store/postgres.test.ts', // 51 s
  'test/memory/semantic-recall.test.ts', // 50 s
  'test/slack/inbox-priority.test.ts', // 48 s
  'test/core/turn.test.ts', // 41 s
  'test/slack/inbox-concurrency.test.ts', // 39 s: model calls held for seconds on purpose
  'test/slack/intake.test.ts', // 37 s
];

class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const at = slowestFirst.indexOf(relative(file.project.config.root, file.moduleId).replaceAll('\\', '/'));
      return at < 0 ? slowestFirst.length : at;
    };
    // Array sort is stable: the rest stay in vitest's order.
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: one worker on CI's two. Most test time is
    // spent waiting (on child processes, servers, model and Mem0 stand-ins, timeouts), so one more worker
    // than cores keeps them busy: test/decide + test/core on 2 loaded cores took 84 s with 1 worker,
    // 61 s with 2 and 50 s with 3, the same assertions passing.
    maxWorkers: availableParallelism() + 1,
    sequence: { sequencer: SlowestFirst },
    // mem0ai phones home at import unless told not to; tests reach nothing but loopback.
    env: { MEM0_TELEMETRY: 'false' },
  },
});
