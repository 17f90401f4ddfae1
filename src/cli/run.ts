// Shared start-up for CLI commands: config, composition, clean shutdown, and errors a user can act on.
import { loadConfig, ConfigError, type Config } from '../config.js';
import { compose, type ComposeOptions } from '../compose.js';
import type { Memdesk } from '../core/ports.js';
import { FileError } from '../files/yaml-file.js';
import { TicketInputError } from '../core/turn.js';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}
export const stdio: CliIo = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
};

export class UsageError extends Error {}

export async function withMemdesk<T>(
  fn: (memdesk: Memdesk, config: Config) => Promise<T>,
  opts: { env?: NodeJS.ProcessEnv; compose?: ComposeOptions; configure?: (c: Config) => Config } = {},
): Promise<T> {
  const base = loadConfig(opts.env ?? process.env);
  const config = opts.configure ? opts.configure(base) : base;
  const memdesk = await compose(config, opts.compose);
  try {
    return await fn(memdesk, config);
  } finally {
    await memdesk.close();
  }
}

/** Errors people can fix are printed plainly; anything else keeps its stack. */
export function describeError(err: unknown): { message: string; exitCode: number } {
  if (err instanceof ConfigError || err instanceof FileError || err instanceof TicketInputError || err instanceof UsageError) {
    return { message: `memdesk: ${err.message}`, exitCode: err instanceof UsageError ? 2 : 1 };
  }
  return { message: `memdesk: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`, exitCode: 1 };
}
