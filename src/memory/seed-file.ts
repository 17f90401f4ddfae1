// Seed files: facts staff want memdesk to start with, as `memories: [{scope: customer|account, id, text, metadata}]`.
import { z } from 'zod';
import type { SeedMemory } from '../core/seed-memories.js';
import { readYamlFile } from '../files/yaml-file.js';

export const seedFileSchema = z.object({
  memories: z
    .array(
      z.object({
        scope: z.enum(['customer', 'account']),
        id: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'must be a customer or account id'),
        text: z.string().trim().min(1, 'must not be empty').max(2000),
        metadata: z.record(z.string(), z.unknown()).optional(),
      }),
    )
    .min(1, 'must hold at least one memory'),
});

export function loadSeedFile(path: string): SeedMemory[] {
  return readYamlFile(path, seedFileSchema).memories;
}
