// The error a command gives for a customer or account id memdesk has never heard of, so a typo
// (`cust_bem`) is a usage error naming the id instead of an empty list or a silent "erased 0".
import { memdeskError, type MemdeskError } from '../errors.js';

/** How many of the directory's ids the error offers as a hint. */
const HINTED_IDS = 8;

/** `held`: what memdesk looked for besides the directory ("no memories of it", "no tickets of it since …"). */
export function unknownIdError(kind: 'customer' | 'account', id: string, directoryFile: string, knownIds: string[], held: string): MemdeskError {
  const hint = knownIds.slice(0, HINTED_IDS).join(', ') + (knownIds.length > HINTED_IDS ? ', …' : '');
  return memdeskError(
    'usage',
    `unknown ${kind} ${JSON.stringify(id)}: it is not in DIRECTORY_FILE (${directoryFile}) and memdesk holds ${held}` +
      (knownIds.length ? `; ${kind}s in the directory: ${hint}` : ''),
  );
}
