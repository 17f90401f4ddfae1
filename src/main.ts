// `npm start`: the Slack bot when a bot token is set; otherwise the same bot against a local
// Slack-compatible workspace with a page in the browser (src/emulator, src/page).
import { setFlagsFromString } from 'node:v8';
import { loadConfig, type Config } from './config.js';
import { compose } from './compose.js';
import { createLogger, type Logger } from './log.js';
import { describeError } from './exit-status.js';

async function main(): Promise<void> {
  const config = loadConfig();
  // V8 reads this at each full collection, so it holds from the next one (config.ts, HEAP_GROWING_PERCENT).
  if (config.HEAP_GROWING_PERCENT > 0) setFlagsFromString(`--heap-growing-percent=${config.HEAP_GROWING_PERCENT}`);
  const logger = createLogger(config.LOG_LEVEL);
  if (config.SLACK_BOT_TOKEN) return startSlack(config, logger);
  return startLocalWorkspace(config, logger);
}

async function startSlack(config: Config, logger: Logger): Promise<void> {
  const { createSlackApp } = await import('./slack/app.js');
  const memdesk = await compose(config, { logger });
  const slack = createSlackApp(memdesk, { config, logger });
  const { port } = await slack.start(config.PORT);
  logger.info({ port, decider: memdesk.decider, model: memdesk.deciderModel, memory: memdesk.memory.kind }, 'memdesk is listening for Slack');
  stopOnSignal(async () => {
    await slack.stop();
    await memdesk.close();
  });
}

async function startLocalWorkspace(base: Config, logger: Logger): Promise<void> {
  const { startLocalWorkspace, demoNow } = await import('./page/start.js');
  const config = base.MEMDESK_NOW ? base : { ...base, MEMDESK_NOW: demoNow };
  const workspace = await startLocalWorkspace({ config, logger, port: config.PORT });
  const m = workspace.session()?.memdesk;
  const staff = workspace.people.staffActor()?.real_name ?? 'staff';
  process.stdout.write(
    [
      '',
      `memdesk is running against a local Slack workspace: ${workspace.url}`,
      '',
      'No SLACK_BOT_TOKEN is set, so the real bot talks to a Slack-compatible workspace on this machine.',
      'Open the page and try the experiment:',
      '  1. Post the demo message as Fiona, Ben and Elena: memdesk knows nothing yet and asks each for the invoice.',
      `  2. Press "Seed memory" (runs /seed-memory demo as ${staff}).`,
      '  3. Post it again as each: Fiona is asked; Ben is escalated as urgent; Elena is escalated and her CSM is told.',
      '  4. Take it / Resolve in #escalations, and watch the memory panel keep the outcome.',
      '',
      `decider: ${m?.decider ?? '?'}${m?.deciderModel ? ` (${m.deciderModel})` : ''} · memory: ${m?.memory.kind ?? '?'} · data: ${config.MEMDESK_DATA_DIR} · clock: ${config.MEMDESK_NOW}` +
        (base.MEMDESK_NOW ? '' : ' (the demo date; set MEMDESK_NOW to change it)'),
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  stopOnSignal(() => workspace.close());
}

function stopOnSignal(stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = () => {
    if (stopping) process.exit(1); // a second Ctrl+C does not wait
    stopping = true;
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`memdesk: stopping failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

main().catch((err) => {
  const { message, exitCode } = describeError(err);
  process.stderr.write(`${message}\n`);
  process.exit(exitCode);
});
