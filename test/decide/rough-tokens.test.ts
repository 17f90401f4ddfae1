// The token estimate the model scheduler charges a request against GEMINI_TPM before it is sent:
// about a quarter of the request's JSON length, counted without building that JSON.
import { describe, expect, it } from 'vitest';
import { toolJsonSchemas } from '../../src/core/tools.js';
import { roughTokens } from '../../src/decide/model-calls.js';

describe('roughTokens', () => {
  it('comes within a tenth of a quarter of the JSON length of a propose request', () => {
    const request = [
      'You are a support agent.\n\nPolicy: refunds within 30 days.',
      [{ functionDeclarations: toolJsonSchemas().map((t) => ({ name: t.name, description: t.description, parametersJsonSchema: t.parameters })) }],
      [{ role: 'user', parts: [{ text: `Decision packet (JSON):\n${JSON.stringify({ message: 'I was charged twice', memories: [{ id: 'm1', score: 0.5, pinned: true, note: null }] })}` }] }],
    ];
    const json = JSON.stringify(request).length / 4;
    expect(roughTokens(request)).toBeGreaterThan(json * 0.9);
    expect(roughTokens(request)).toBeLessThan(json * 1.1);
  });

  it('counts nothing for what JSON leaves out (undefined, functions)', () => {
    expect(roughTokens({ text: 'abcdefgh', abortSignal: undefined, onDone: () => 'a long function body that is not sent' })).toBe(roughTokens({ text: 'abcdefgh' }));
  });
});
