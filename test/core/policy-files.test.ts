// Broken files people edit must fail at start with the file and the field named.
import { describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPolicy } from '../../src/core/policy.js';
import { loadDirectory } from '../../src/directory/directory-file.js';
import { loadSeedFile } from '../../src/memory/seed-file.js';
import { loadConfig } from '../../src/config.js';

function policyCopy(edit: (rules: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'memdesk-policy-'));
  cpSync('policy', dir, { recursive: true });
  writeFileSync(join(dir, 'rules.yml'), edit(readFileSync(join(dir, 'rules.yml'), 'utf8')));
  return dir;
}

describe('policy files', () => {
  it('the shipped policy loads', () => {
    const p = loadPolicy('policy');
    expect(p.rules.plans.pro?.sla_hours).toBe(24);
    expect(p.text).toMatch(/Escalation rules/);
  });

  it('a field of the wrong type names the file and the field', () => {
    const dir = policyCopy((r) => r.replace('sla_hours: 24', 'sla_hours: soon'));
    expect(() => loadPolicy(dir)).toThrow(/rules\.yml: plans\.pro\.sla_hours/);
  });

  it('an unknown plan as the fallback plan is refused', () => {
    const dir = policyCopy((r) => r.replace('unknown_plan: free', 'unknown_plan: gold'));
    expect(() => loadPolicy(dir)).toThrow(/rules\.yml: unknown_plan names no plan/);
  });

  it('the unknown-plan floor names the field that is wrong', () => {
    expect(loadPolicy('policy').rules.unknown_plan_floor).toEqual({ issue_types: ['outage', 'security'], priority: 'high' });
    const priority = policyCopy((r) => r.replace(/(unknown_plan_floor:\n[^\n]*\n {2}priority:) high/, '$1 asap'));
    expect(() => loadPolicy(priority)).toThrow(/rules\.yml: unknown_plan_floor\.priority /);
    const type = policyCopy((r) => r.replace('issue_types: [outage, security]', 'issue_types: [downtime]'));
    expect(() => loadPolicy(type)).toThrow(/rules\.yml: unknown_plan_floor\.issue_types\.0 /);
    const none = policyCopy((r) => r.replace('issue_types: [outage, security]', 'issue_types: []'));
    expect(() => loadPolicy(none)).toThrow(/rules\.yml: unknown_plan_floor\.issue_types must list at least one issue type/);
    const typo = policyCopy((r) => r.replace(/(unknown_plan_floor:\n[^\n]*\n {2})priority:/, '$1prority:'));
    expect(() => loadPolicy(typo)).toThrow(/rules\.yml: unknown_plan_floor(\.priority| .*prority)/);
  });

  it('invalid YAML and a missing policy folder are reported by path', () => {
    const dir = policyCopy(() => 'plans: [unclosed');
    expect(() => loadPolicy(dir)).toThrow(/rules\.yml: not valid YAML/);
    expect(() => loadPolicy('/nonexistent/policy')).toThrow(/support-policy\.md/);
  });
});

describe('templates', () => {
  function templatesCopy(edit: (templates: string) => string): string {
    const dir = mkdtempSync(join(tmpdir(), 'memdesk-policy-'));
    cpSync('policy', dir, { recursive: true });
    writeFileSync(join(dir, 'templates.yml'), edit(readFileSync(join(dir, 'templates.yml'), 'utf8')));
    return dir;
  }

  it('the shipped wording is complete in all six languages', () => {
    const { templates } = loadPolicy('policy');
    expect(Object.keys(templates).sort()).toEqual(['de', 'en', 'es', 'fr', 'nl', 'pt']);
    for (const t of Object.values(templates)) {
      expect(Object.keys(t.fields).sort()).toEqual(Object.keys(templates.en.fields).sort());
      expect(t.escalate.security_steps.length).toBeGreaterThan(50);
      expect(t.escalate.card_steps.length).toBeGreaterThan(50);
    }
  });

  it('no reply in any language shows the ticket id or a team or issue name as a label in brackets', () => {
    const { templates } = loadPolicy('policy');
    const leaks: string[] = [];
    for (const [language, t] of Object.entries(templates)) {
      for (const [group, texts] of Object.entries({ ask: t.ask, answer: t.answer, escalate: t.escalate })) {
        for (const [key, text] of Object.entries(texts)) if (/\{ticket_id\}|\(\{\w+\}\)/.test(text ?? '')) leaks.push(`${language}.${group}.${key}`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it('the sign-in reply gives the reset link the lifetime its article states, in every language', () => {
    const { templates, rules } = loadPolicy('policy');
    const article = readFileSync(`knowledge/${rules.issues.access.template_article}.md`, 'utf8');
    const minutes = /valid for (\d+) minutes/.exec(article)?.[1];
    expect(minutes).toBeDefined();
    for (const t of Object.values(templates)) expect(t.answer.access).toMatch(new RegExp(`\\b${minutes} (?:minutes|Minuten|minutos|minuten)\\b`));
  });

  it('a key English has but another language lacks names the file, the language and the key', () => {
    // Drop the Dutch "human" line: a Dutch customer asking for a person would get no reply text.
    const dir = templatesCopy((t) => t.replace(/\n {4}human: "Een collega[^\n]*/, ''));
    expect(() => loadPolicy(dir)).toThrow(/templates\.yml: nl\.escalate\.human (is missing|Invalid|expected)/);
    const fieldless = templatesCopy((t) => t.replace(/\n {4}order_id: o número do pedido[^\n]*/, ''));
    expect(() => loadPolicy(fieldless)).toThrow(/templates\.yml: pt\.fields\.order_id is missing/);
  });

  it('a due-time wording without its time, or under a name memdesk does not use, names the language and the key', () => {
    const timeless = templatesCopy((t) => t.replace('today: "heute um {time}"', 'today: "heute"'));
    expect(() => loadPolicy(timeless)).toThrow(/templates\.yml: de\.due\.today must hold \{time\}/);
    const misnamed = templatesCopy((t) => t.replace('today_one: "hoy a la {time}"', 'today_1: "hoy a la {time}"'));
    expect(() => loadPolicy(misnamed)).toThrow(/templates\.yml: es\.due\.today_1 is not a due wording/);
  });

  it('a language block that is missing altogether is named', () => {
    const dir = templatesCopy((t) => t.replace(/\nnl:[\s\S]*$/, '\n'));
    expect(() => loadPolicy(dir)).toThrow(/templates\.yml: nl /);
  });
});

describe('directory and seed files', () => {
  it('a customer pointing at an unknown account names the field', () => {
    const f = join(mkdtempSync(join(tmpdir(), 'memdesk-dir-')), 'directory.yml');
    writeFileSync(f, 'accounts: [{id: acct_a, name: A}]\ncustomers: [{id: c1, name: C, account_id: acct_nope}]\n');
    expect(() => loadDirectory(f)).toThrow(/directory\.yml: customers\.0\.account_id names unknown account "acct_nope"/);
  });

  it('a seed memory with an empty text names the field', () => {
    const f = join(mkdtempSync(join(tmpdir(), 'memdesk-seed-')), 'seed.yml');
    writeFileSync(f, 'memories:\n  - {scope: customer, id: cust_ben, text: "  "}\n');
    expect(() => loadSeedFile(f)).toThrow(/seed\.yml: memories\.0\.text must not be empty/);
    writeFileSync(f, 'memories:\n  - {scope: team, id: cust_ben, text: "x"}\n');
    expect(() => loadSeedFile(f)).toThrow(/memories\.0\.scope/);
  });
});

describe('config', () => {
  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ DECIDER: 'oracle' })).toThrow(/DECIDER/);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT: must be a port number/);
    expect(() => loadConfig({ MEMDESK_NOW: 'yesterday' })).toThrow(/MEMDESK_NOW/);
    expect(() => loadConfig({ DECIDER: 'gemini' })).toThrow(/GEMINI_API_KEY: required/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
  });

  it('auto picks the embedded defaults without keys and the real services with them', () => {
    expect(loadConfig({})).toMatchObject({ decider: 'policy', memory: 'local', GEMINI_MODEL: 'gemini-3.5-flash', PORT: 3000 });
    expect(loadConfig({ GEMINI_API_KEY: 'k', MEM0_API_KEY: 'm' })).toMatchObject({ decider: 'gemini', memory: 'mem0-platform' });
  });
});
