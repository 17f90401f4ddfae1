// The knowledge eval's floors, asserted one way for every question set: a report must answer with no
// source never, and reach at least each rate named, overall and on each half of the declared split.
import { expect } from 'vitest';
import type { KnowledgeEvalReport } from '../../src/eval/knowledge-eval.js';

type Floors = Partial<Record<'correct@1' | 'correct@3' | 'none_recognised', number>>;

export function expectKnowledgeFloors(report: KnowledgeEvalReport, floors: { all: Floors; tuning?: Floors; held_out?: Floors }): void {
  expect(report.answers_without_source).toBe(0);
  const measured = { all: report, tuning: report.split.tuning, held_out: report.split.held_out };
  for (const part of ['all', 'tuning', 'held_out'] as const) {
    for (const [rate, floor] of Object.entries(floors[part] ?? {}) as [keyof Floors, number][]) {
      expect(measured[part][rate], `${part} ${rate}`).toBeGreaterThanOrEqual(floor);
    }
  }
}
