// `npm run chaos`: 1,000 tickets from 200 customers through real bot processes that get killed.
// Prints a table (or one JSON object with --json) and exits non-zero if anything was lost or doubled.
import { runChaos } from './chaos-run.js';

const json = process.argv.includes('--json');
const quick = process.argv.includes('--quick');
// `--postgres [--instances N]`: records in PostgreSQL shared by N bot instances behind a balancer.
const postgres = process.argv.includes('--postgres');
const instancesArg = process.argv.indexOf('--instances');
const instances = instancesArg > 0 ? Number(process.argv[instancesArg + 1]) : postgres ? 2 : 1;
const result = await runChaos({
  tickets: quick ? 150 : 1000,
  customers: quick ? 40 : 200,
  kills: quick ? 3 : 6,
  duplicateShare: 0.3,
  geminiFailureRate: 0.2,
  mem0TimeoutRate: 0.1,
  seed: 20261125,
  store: postgres ? 'postgres' : 'sqlite',
  instances,
  // `--slow`: the model and Mem0 as slow as in `bench -- --realistic`.
  slow: process.argv.includes('--slow'),
  log: json ? undefined : (line) => console.log(line),
});
const failures = (['lost', 'duplicate_replies', 'duplicate_tickets', 'duplicate_csm_notices', 'lost_writebacks', 'tickets_without_exactly_one_reply', 'lost_sla_alerts', 'duplicate_sla_alerts'] as const).filter((k) => result[k] !== 0);
if (json) {
  console.log(JSON.stringify(result));
} else {
  console.log('\nmemdesk chaos run');
  for (const [k, v] of Object.entries(result)) console.log(`  ${k.padEnd(36)} ${v}`);
  console.log(failures.length ? `\nFAILED: ${failures.join(', ')}` : '\nall checks passed: nothing lost, nothing done twice');
}
process.exitCode = failures.length ? 1 : 0;
