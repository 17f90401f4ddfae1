// `npm start`: the Slack bot when a bot token is set; otherwise memdesk's embedded defaults.
import { loadConfig } from './config.js';
import { compose } from './compose.js';
import { createLogger } from './log.js';
import { demoCommand } from './cli/demo.js';
import { describeError, stdio } from './cli/run.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  if (config.SLACK_BOT_TOKEN) {
    const { createSlackApp } = await import('./slack/app.js');
    const memdesk = await compose(config, { logger });
    const slack = createSlackApp(memdesk, { config, logger });
    const { port } = await slack.start(config.PORT);
    logger.info({ port, decider: memdesk.decider, memory: memdesk.memory.kind }, 'memdesk is listening for Slack');
    const stop = async () => {
      await slack.stop();
      await memdesk.close();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return;
  }
  stdio.out('No SLACK_BOT_TOKEN set: running the before/after experiment on the embedded defaults.\n');
  await demoCommand({}, stdio);
}

main().catch((err) => {
  const { message, exitCode } = describeError(err);
  process.stderr.write(`${message}\n`);
  process.exit(exitCode);
});
