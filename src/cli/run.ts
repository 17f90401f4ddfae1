// Shared start-up for CLI commands: config, composition and a clean shutdown.
import { loadConfig, type Config } from '../config.js';
import { compose, type ComposeOptions } from '../compose.js';
import type { Memdesk } from '../memdesk.js';

export async function withMemdesk<T>(
  fn: (memdesk: Memdesk, config: Config) => Promise<T>,
  opts: { env?: NodeJS.ProcessEnv; compose?: ComposeOptions; configure?: (c: Config) => Config } = {},
): Promise<T> {
  const base = loadConfig(opts.env ?? process.env);
  const config = opts.configure ? opts.configure(base) : base;
  const memdesk = await compose(config, opts.compose);
  try {
    // Write-backs left pending by an outage or a killed process are replayed before new work.
    await memdesk.drainWritebacks();
    return await fn(memdesk, config);
  } finally {
    await memdesk.close();
  }
}
