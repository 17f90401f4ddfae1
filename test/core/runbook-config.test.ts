// rules.yml names articles by id (knowledge.runbooks, an issue's template_article). A misspelt id would
// leave every brief of that issue type without its runbook and say nothing: at start memdesk warns, naming
// the file, the field and the id, and keeps running.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compose } from '../../src/compose.js';
import { loadConfig } from '../../src/config.js';
import { capturedLogger } from '../support/captured-logger.js';
import { testEnv } from '../support/memdesk-env.js';

const policyDir = mkdtempSync(join(tmpdir(), 'memdesk-runbook-policy-'));
cpSync('policy', policyDir, { recursive: true });
const env = testEnv({ POLICY_DIR: policyDir });
afterAll(() => {
  rmSync(policyDir, { recursive: true, force: true });
  rmSync(env.MEMDESK_DATA_DIR, { recursive: true, force: true });
});

async function startWarnings() {
  const { logger, lines } = capturedLogger();
  const memdesk = await compose(loadConfig(env), { logger });
  await memdesk.close();
  return lines.filter((l) => l.level === 40);
}

describe('knowledge.runbooks at start', () => {
  it('says nothing when every listed runbook is in the help center', async () => {
    expect((await startWarnings()).filter((l) => l.missing)).toEqual([]);
  });

  it('warns with the file, the field and the id when one is not', async () => {
    const rules = join(policyDir, 'rules.yml');
    writeFileSync(
      rules,
      readFileSync(rules, 'utf8')
        .replace('outage: [internal/incident-runbook]', 'outage: [internal/incident-runbok]')
        .replace('template_article: account/reset-password', 'template_article: account/reset-pasword'),
    );
    const [warning] = (await startWarnings()).filter((l) => l.missing);
    expect(warning?.file).toBe(`${policyDir}/rules.yml`);
    expect(warning?.missing).toEqual(['knowledge.runbooks.outage: internal/incident-runbok', 'issues.access.template_article: account/reset-pasword']);
    expect(warning?.msg).toContain('knowledge.runbooks.outage: internal/incident-runbok');
  });
});
