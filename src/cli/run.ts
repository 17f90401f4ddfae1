// Shared start-up for CLI commands: config from the command's environment, composition with its
// logger writing to the command's stderr, and a clean shutdown.
import { loadConfig, type Config } from '../config.js';
import { compose, type ComposeOptions } from '../compose.js';
import type { Memdesk } from '../memdesk.js';
import { commandLogger, type CliIo } from './terminal.js';

export async function withMemdesk<T>(
  fn: (memdesk: Memdesk, config: Config) => Promise<T>,
  opts: { io: CliIo; env: NodeJS.ProcessEnv; compose?: ComposeOptions; configure?: (c: Config) => Config },
): Promise<T> {
  const base = loadConfig(opts.env);
  const config = opts.configure ? opts.configure(base) : base;
  const memdesk = await compose(config, { logger: commandLogger(config.LOG_LEVEL, opts.io), ...opts.compose });
  try {
    // Write-backs left pending by an outage or a killed process are replayed before new work.
    await memdesk.drainWritebacks();
    return await fn(memdesk, config);
  } finally {
    await memdesk.close();
  }
}
