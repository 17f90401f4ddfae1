// npx tsx scripts/measure-runbooks.ts [-- --file eval/real/messages.jsonl]: which internal runbooks the
// handoff briefs name over the real development set (the same loop and customers as `eval --set real`),
// and whether a named runbook fits the message's labelled issue types. A runbook fits a message when one
// of the types it is written for is among the message's acceptable types: the incident runbook is for
// outages and security incidents, the billing escalations article for billing.
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { runRealEval } from '../src/eval/real-eval.js';
import { createLogger } from '../src/log.js';

const { values: args } = parseArgs({ options: { file: { type: 'string' } } });

const runbookTypes: Record<string, string[]> = {
  'https://help.cobalt.example/internal/incident-runbook': ['outage', 'security'],
  'https://help.cobalt.example/internal/billing-escalations': ['billing'],
};

let briefs = 0;
let naming = 0;
let fitting = 0;
let unfit = 0;
let fitMissed = 0;
const perRunbook: Record<string, { named: number; fits: number; missed: number }> = {};
for (const url of Object.keys(runbookTypes)) perRunbook[url] = { named: 0, fits: 0, missed: 0 };

await runRealEval({
  config: loadConfig({ ...process.env, DECIDER: 'policy', MEMORY: 'local' }),
  decider: 'policy',
  ...(args.file ? { file: args.file } : {}),
  logger: createLogger('silent'),
  onRow(row, outcome) {
    if (!outcome.handoff_brief) return;
    briefs++;
    const line = outcome.handoff_brief.split('\n').find((l) => l.startsWith('Internal articles: ')) ?? '';
    const named = Object.keys(runbookTypes).filter((url) => line.includes(url));
    const fits = (url: string) => runbookTypes[url]!.some((t) => row.acceptable_types.includes(t));
    for (const url of Object.keys(runbookTypes)) {
      if (named.includes(url)) (perRunbook[url]!.named++, fits(url) && perRunbook[url]!.fits++);
      else if (fits(url)) perRunbook[url]!.missed++;
    }
    if (named.length) naming++;
    if (named.some(fits)) fitting++;
    if (named.some((url) => !fits(url))) unfit++;
    if (Object.keys(runbookTypes).some((url) => fits(url) && !named.includes(url))) fitMissed++;
  },
});

console.log(`briefs written: ${briefs}`);
console.log(`briefs naming a runbook: ${naming}`);
console.log(`  naming one that fits the message's labelled types: ${fitting}`);
console.log(`  naming one that does not fit: ${unfit}`);
console.log(`briefs leaving out a runbook that fits: ${fitMissed}`);
for (const [url, n] of Object.entries(perRunbook)) console.log(`${url}: named ${n.named}, fits ${n.fits}, fitting but not named ${n.missed}`);
