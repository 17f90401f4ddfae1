// The ports moved to src/core/ports.ts. The record and memory adapters that another change is
// rewriting still import them from here; this re-export goes when they import src/core directly.
export type * from '../core/ports.js';
