// Reads a YAML file and validates it with a zod schema; every failure names the file and the field,
// because these files are edited by people (policy, directory, seeds).
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { z } from 'zod';
import { memdeskError } from '../errors.js';

export function readYamlFile<S extends z.ZodType>(path: string, schema: S): z.infer<S> {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (err) {
    throw memdeskError('file_invalid', `${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  let doc: unknown;
  try {
    doc = parse(raw);
  } catch (err) {
    throw memdeskError('file_invalid', `${path}: not valid YAML (${(err as Error).message.split('\n')[0]})`);
  }
  const parsed = schema.safeParse(doc);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${path}: ${i.path.join('.') || '(top level)'} ${i.message}`);
    throw memdeskError('file_invalid', lines.join('\n'));
  }
  return parsed.data;
}
