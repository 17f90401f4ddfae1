// The text forms small local models use for tool calls when they do not use the tools API.
import { describe, expect, it } from 'vitest';
import { readTextToolCalls } from '../../src/decide/text-tool-calls.js';

const answer = { answer: 'You can export from Settings → Data.', resolved: true };
const ask = { missing_fields: ['invoice_id'], question: 'Could you send the invoice ID?' };

describe('tool calls written as text', () => {
  it('reads one bare JSON object', () => {
    expect(readTextToolCalls(JSON.stringify({ name: 'answer_customer', arguments: answer }))).toEqual({
      kind: 'calls',
      calls: [{ name: 'answer_customer', args: answer }],
    });
  });

  it('reads a list of calls in a ```json fence with prose around it', () => {
    const text = `Here is what I will do:\n\`\`\`json\n${JSON.stringify([
      { name: 'ask_for_missing_info', arguments: ask },
      { name: 'store_support_outcome_memory', parameters: { scope: 'customer', memory: 'm', issue_type: 'billing', status: 'open' } },
    ])}\n\`\`\`\nThanks.`;
    const read = readTextToolCalls(text);
    expect(read).toMatchObject({ kind: 'calls', calls: [{ name: 'ask_for_missing_info', args: ask }, { name: 'store_support_outcome_memory' }] });
  });

  it("reads OpenAI's own shape, with arguments as a JSON string, and {tool_calls: [...]}", () => {
    const openaiShape = { type: 'function', function: { name: 'answer_customer', arguments: JSON.stringify(answer) } };
    expect(readTextToolCalls(JSON.stringify(openaiShape))).toEqual({ kind: 'calls', calls: [{ name: 'answer_customer', args: answer }] });
    expect(readTextToolCalls(JSON.stringify({ tool_calls: [openaiShape] }))).toEqual({ kind: 'calls', calls: [{ name: 'answer_customer', args: answer }] });
  });

  it('reads <tool_call> tags (Hermes and Qwen templates)', () => {
    const text = `<tool_call>\n${JSON.stringify({ name: 'answer_customer', arguments: answer })}\n</tool_call>`;
    expect(readTextToolCalls(text)).toEqual({ kind: 'calls', calls: [{ name: 'answer_customer', args: answer }] });
  });

  it('finds a call in prose without a fence', () => {
    const text = `I will answer. {"name": "answer_customer", "arguments": ${JSON.stringify(answer)}}`;
    expect(readTextToolCalls(text)).toEqual({ kind: 'calls', calls: [{ name: 'answer_customer', args: answer }] });
  });

  it("reads Mistral's [TOOL_CALLS] forms: a JSON list before tokenizer v11, name{args} per token from v11, with [ARGS], [CALL_ID] and a trailing </s>", () => {
    const calls = [{ name: 'ask_for_missing_info', args: ask }, { name: 'answer_customer', args: answer }];
    const list = JSON.stringify([{ name: 'ask_for_missing_info', arguments: ask }, { name: 'answer_customer', arguments: answer }]);
    expect(readTextToolCalls(`[TOOL_CALLS]${list}`)).toEqual({ kind: 'calls', calls });
    expect(readTextToolCalls(`Let me check.[TOOL_CALLS] ${list}</s>`)).toEqual({ kind: 'calls', calls });
    expect(readTextToolCalls(`[TOOL_CALLS]ask_for_missing_info${JSON.stringify(ask)}[TOOL_CALLS]answer_customer${JSON.stringify(answer)}`)).toEqual({ kind: 'calls', calls });
    expect(readTextToolCalls(`[TOOL_CALLS]ask_for_missing_info[ARGS]${JSON.stringify(ask)}[TOOL_CALLS]answer_customer[CALL_ID]a1B2c3D4e[ARGS]${JSON.stringify(answer)}</s>`)).toEqual({ kind: 'calls', calls });
    // a brace inside a string value does not end the arguments early
    const tricky = { answer: 'Use {name} in the template ]}', resolved: true };
    expect(readTextToolCalls(`[TOOL_CALLS]answer_customer${JSON.stringify(tricky)}`)).toEqual({ kind: 'calls', calls: [{ name: 'answer_customer', args: tricky }] });
  });

  it('reports a [TOOL_CALLS] it cannot read, so the decider asks once more', () => {
    expect(readTextToolCalls('[TOOL_CALLS][{"name": "answer_customer", "arguments": {"answer": "Hi"')).toMatchObject({ kind: 'unreadable', why: expect.stringMatching(/\[TOOL_CALLS\] list was not valid JSON/) });
    expect(readTextToolCalls('[TOOL_CALLS]answer the customer politely')).toMatchObject({ kind: 'unreadable', why: expect.stringMatching(/not a tool name followed by JSON/) });
    expect(readTextToolCalls('[TOOL_CALLS]')).toMatchObject({ kind: 'unreadable', why: expect.stringMatching(/no call after it/) });
  });

  it('takes plain prose as no call at all', () => {
    expect(readTextToolCalls('I think this is a billing issue and the customer should be asked for the invoice.')).toEqual({ kind: 'none' });
    expect(readTextToolCalls('')).toEqual({ kind: 'none' });
  });

  it('reports what cannot be read: broken JSON, no tool name, arguments that are not JSON, JSON that is no call', () => {
    expect(readTextToolCalls('```json\n{"name": "answer_customer", "arguments": {"answer": "Hi"\n```')).toMatchObject({ kind: 'unreadable', why: expect.stringMatching(/not valid JSON/) });
    expect(readTextToolCalls('{"arguments": {"answer": "Hi"}}')).toMatchObject({ kind: 'unreadable', why: expect.stringMatching(/named no tool/) });
    expect(readTextToolCalls('{"function": {"name": "answer_customer", "arguments": "{answer: Hi"}}')).toMatchObject({
      kind: 'unreadable',
      why: 'the arguments of answer_customer were not valid JSON',
    });
    expect(readTextToolCalls('[]')).toMatchObject({ kind: 'unreadable', why: 'it held JSON but no tool call' });
  });
});
