// Runs every scenario K times against one decider and sums it up: pass rate over all trials, and
// pass^K, the share of scenarios that passed every one of their K trials (a decider that is right
// only most of the time scores well on the first and poorly on the second).
import { join } from 'node:path';
import { projectRoot } from '../compose.js';
import type { Config } from '../config.js';
import { newId } from '../ids.js';
import type { Logger } from '../log.js';
import { loadPolicy } from '../core/policy.js';
import { runScenario, type TrialReport } from './run-scenario.js';
import { loadScenarios, type Scenario } from './scenario.js';
import { describeExpectation } from './score.js';

export const defaultScenariosDir = join(projectRoot, 'test', 'scenarios');
/** Scenarios name the demo directory's people; their own entries are added on top. */
export const scenarioBaseDirectory = join(projectRoot, 'config', 'directory.yml');

export interface ScenarioReport {
  name: string;
  file: string;
  description: string;
  covers: string[];
  /** One line per turn, e.g. `ask !escalate`. */
  expected: string[];
  trials: TrialReport[];
  passed_trials: number;
  /** Passed every trial. */
  passed: boolean;
}

export interface EvalReport {
  decider: Config['decider'];
  scenarios_dir: string;
  trials: number;
  scenarios: ScenarioReport[];
  /** Passed trials / all trials. */
  pass_rate: number;
  /** Scenarios that passed all K trials / all scenarios. */
  pass_k: number;
  /** Turns a fallback or the safety net decided instead of the chosen decider. */
  fallback_turns: number;
}

export async function runEval(x: {
  config: Config;
  decider: Config['decider'];
  trials: number;
  scenariosDir?: string;
  logger: Logger;
  onScenario?: (report: ScenarioReport) => void;
}): Promise<EvalReport> {
  const scenariosDir = x.scenariosDir ?? defaultScenariosDir;
  const scenarios = loadScenarios(scenariosDir, scenarioBaseDirectory);
  const internalLabels = loadPolicy(x.config.POLICY_DIR).rules.internal_labels;
  const runId = newId('run').slice(4);
  const reports: ScenarioReport[] = [];
  for (const scenario of scenarios) {
    const trials: TrialReport[] = [];
    for (let k = 0; k < x.trials; k++) {
      trials.push(await runScenario(scenario, { config: x.config, decider: x.decider, logger: x.logger, internalLabels, runId: `${runId}-${k + 1}` }));
    }
    const report = scenarioReport(scenario, trials);
    reports.push(report);
    x.onScenario?.(report);
  }
  const allTrials = reports.flatMap((r) => r.trials);
  return {
    decider: x.decider,
    scenarios_dir: scenariosDir,
    trials: x.trials,
    scenarios: reports,
    pass_rate: allTrials.filter((t) => t.passed).length / allTrials.length,
    pass_k: reports.filter((r) => r.passed).length / reports.length,
    fallback_turns: allTrials.flatMap((t) => t.turns).filter((t) => t.decided_by !== x.decider).length,
  };
}

function scenarioReport(s: Scenario, trials: TrialReport[]): ScenarioReport {
  const passed_trials = trials.filter((t) => t.passed).length;
  return {
    name: s.name,
    file: s.file,
    description: s.description,
    covers: s.covers,
    expected: s.turns.map((t) => describeExpectation(t.expect)),
    trials,
    passed_trials,
    passed: passed_trials === trials.length,
  };
}
