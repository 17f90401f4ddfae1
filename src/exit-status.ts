// How a process started from a terminal (`memdesk …`, `npm start`) reports an error. Errors people
// can fix print as their message alone, by code; anything else keeps its stack.
import { MemdeskError, type ErrorCode } from './errors.js';

/** Exit status per code a user can act on; other codes are bugs or outages and print their stack. */
const exitStatus: Partial<Record<ErrorCode, number>> = {
  config_invalid: 1,
  file_invalid: 1,
  ticket_input: 1,
  usage: 2,
};

export function describeError(err: unknown): { message: string; exitCode: number } {
  if (err instanceof MemdeskError) {
    const code: ErrorCode = err.code;
    const status = exitStatus[code];
    if (status !== undefined) return { message: `memdesk: ${err.message}`, exitCode: status };
  }
  return { message: `memdesk: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`, exitCode: 1 };
}
