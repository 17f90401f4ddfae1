// The error a command gives for a customer or account id memdesk has never heard of, so a typo
// (`cust_bem`) is a usage error naming the id instead of an empty list or a silent "erased 0".
import type { Directory, Scope } from '../core/ports.js';
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

/**
 * The usage error for a scope whose id is neither in the directory nor holds any memory (`remembered`
 * counts them), or undefined when memdesk knows it. A sender the directory could not place (`unknown_U0…`)
 * has a scope of its own: it is known by its memories.
 */
export function unknownScopeError(directory: Pick<Directory, 'customerIds' | 'accountIds'>, scope: Scope, remembered: number, directoryFile: string): MemdeskError | undefined {
  const known = scope.kind === 'customer' ? directory.customerIds() : directory.accountIds();
  if (remembered || known.includes(scope.id)) return undefined;
  return unknownIdError(scope.kind, scope.id, directoryFile, known, 'no memories of it');
}
