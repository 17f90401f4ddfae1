// Scope keys: the one string a memory backend sees for "whose memory is this".
// The namespace comes first so two deployments (or test runs) sharing one Mem0 project
// never read each other's memories, and the kind is spelled out so customer `ben` and
// account `ben` can never collide.
import type { Scope, ScopeKind } from '../core/ports.js';

const scopeKinds: readonly ScopeKind[] = ['customer', 'account'];

export function scopeKey(namespace: string, scope: Scope): string {
  if (!namespace || namespace.includes(':')) {
    throw new Error(`memory namespace must be non-empty and hold no ":" (got ${JSON.stringify(namespace)})`);
  }
  if (!scope.id) throw new Error(`a ${scope.kind} scope needs an id`);
  return `${namespace}:${scope.kind}:${scope.id}`;
}

/** The inverse of scopeKey; undefined for keys memdesk did not write (other apps in the same project). */
export function parseScopeKey(key: string): { namespace: string; scope: Scope } | undefined {
  const first = key.indexOf(':');
  const second = first < 0 ? -1 : key.indexOf(':', first + 1);
  if (first <= 0 || second < 0) return undefined;
  const namespace = key.slice(0, first);
  const kind = key.slice(first + 1, second) as ScopeKind;
  // Ids may themselves hold ":" (e.g. an email-derived id), so everything after the kind is the id.
  const id = key.slice(second + 1);
  if (!scopeKinds.includes(kind) || !id) return undefined;
  return { namespace, scope: { kind, id } };
}
