// MEMDESK_DATA_DIR, the folder of the embedded stores, is created if missing. A path that cannot be a
// folder (a file is there, no permission) stops memdesk with the variable named, as a bad value does.
import { mkdirSync } from 'node:fs';
import { memdeskError } from '../errors.js';

export function ensureDataDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    const why = code === 'EEXIST' || code === 'ENOTDIR' ? 'a file is in the way' : code === 'EACCES' ? 'no permission' : code;
    throw memdeskError('config_invalid', `Invalid configuration:\n  MEMDESK_DATA_DIR: cannot create the folder ${dir} (${why})`, { cause: err });
  }
}
