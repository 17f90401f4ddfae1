#!/usr/bin/env node
// The published entry point: runs the TypeScript CLI through tsx's loader, so no build step is needed.
import { createRequire } from 'node:module';
import { register } from 'tsx/esm/api';

// Kysely is some 300 ES modules; loaded through tsx's loader each costs a round trip to its worker
// (about a second per command). Loaded here first, plainly, every later import finds it loaded.
createRequire(import.meta.url)('kysely');
register();
await import('../src/cli/main.ts');
