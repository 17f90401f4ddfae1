// Tool calls that a model wrote as text instead of using the tools API. Small local models and
// servers without a tool-call parser (Ollama, vLLM, LM Studio templates) often answer with
// `{"name": "...", "arguments": {...}}`, a list of those, OpenAI's own `{"type": "function",
// "function": {...}}` shape or `{"tool_calls": [...]}`, bare, in a ```json fence or in
// <tool_call> tags. Mistral models served without vLLM's or llama.cpp's Mistral tool parser write
// their calls after the [TOOL_CALLS] token, in two shapes by tokenizer version (as vLLM's
// MistralToolParser and llama.cpp's Mistral Nemo format read them):
//   before v11 (Mistral 7B v0.3, Nemo): `[TOOL_CALLS][{"name": "...", "arguments": {...}, "id": "..."}]`
//   v11 and later (Small 3.1+, Magistral, Ministral): `[TOOL_CALLS]name{...}[TOOL_CALLS]name2{...}`,
//   with `[ARGS]` (and, from v13, `[CALL_ID]id`) between a name and its arguments when the server
//   detokenises them; the end-of-sequence `</s>` may trail.
// This reads those forms; anything that looks like an attempt but cannot be read is reported as
// unreadable so the decider can ask once more.

export interface TextToolCall {
  name: string;
  args: unknown;
}

export type TextToolCallReading =
  /** Plain prose: the model chose no tool. */
  | { kind: 'none' }
  | { kind: 'calls'; calls: TextToolCall[] }
  | { kind: 'unreadable'; why: string };

const fenced = /```[a-zA-Z]*\s*\n?([\s\S]*?)```/g;
const tagged = /<tool_call>\s*([\s\S]*?)\s*<\/tool_call>/g;

export function readTextToolCalls(content: string): TextToolCallReading {
  const text = content.trim();
  if (!text) return { kind: 'none' };
  if (text.includes(mistralToken)) return mistralCalls(text);
  const snippets = jsonSnippets(text);
  if (snippets.length === 0) return { kind: 'none' };
  const calls: TextToolCall[] = [];
  for (const snippet of snippets) {
    let value: unknown;
    try {
      value = JSON.parse(snippet);
    } catch {
      return { kind: 'unreadable', why: 'its tool calls written as text were not valid JSON' };
    }
    const read = callsIn(value);
    if (typeof read === 'string') return { kind: 'unreadable', why: read };
    calls.push(...read);
  }
  return calls.length ? { kind: 'calls', calls } : { kind: 'unreadable', why: 'it held JSON but no tool call' };
}

/** The JSON the text holds: fenced or tagged blocks, else the text from its first bracket to its last. */
function jsonSnippets(text: string): string[] {
  const blocks = [...text.matchAll(tagged), ...text.matchAll(fenced)].map((m) => (m[1] ?? '').trim()).filter(Boolean);
  if (blocks.length) return blocks;
  const start = text.search(/[[{]/);
  if (start < 0) return [];
  const close = text[start] === '{' ? '}' : ']';
  const end = text.lastIndexOf(close);
  // Prose that merely mentions a brace is not an attempt at a call; JSON that opens the reply is.
  if (end <= start) return start === 0 ? [text] : [];
  const body = text.slice(start, end + 1);
  return start === 0 || /"(name|function|tool_calls)"\s*:/.test(body) ? [body] : [];
}

const mistralToken = '[TOOL_CALLS]';
/** A v11+ call: its name, an optional [CALL_ID] and [ARGS], then its arguments' JSON. */
const mistralNamedCall = /^([A-Za-z0-9_.-]+)\s*(?:\[CALL_ID\]\s*[A-Za-z0-9]*\s*)?(?:\[ARGS\])?\s*([[{][\s\S]*)$/;

/** Everything after each [TOOL_CALLS] token; text before the first one is the model's prose. */
function mistralCalls(text: string): TextToolCallReading {
  const calls: TextToolCall[] = [];
  for (const raw of text.split(mistralToken).slice(1)) {
    const segment = raw.replace(/<\/s>/g, '').trim();
    if (!segment) continue;
    let read: TextToolCall[] | string;
    if (segment.startsWith('[') || segment.startsWith('{')) {
      const value = leadingJson(segment);
      read = value === undefined ? 'its [TOOL_CALLS] list was not valid JSON' : callsIn(value);
    } else {
      const named = mistralNamedCall.exec(segment);
      const args = named ? leadingJson(named[2]!) : undefined;
      read = named && args !== undefined ? [{ name: named[1]!, args }] : 'a call after [TOOL_CALLS] was not a tool name followed by JSON arguments';
    }
    if (typeof read === 'string') return { kind: 'unreadable', why: read };
    calls.push(...read);
  }
  return calls.length ? { kind: 'calls', calls } : { kind: 'unreadable', why: 'it wrote [TOOL_CALLS] but no call after it' };
}

/** The JSON value a text opens with, ignoring whatever the model wrote after it; undefined when there is none. */
function leadingJson(text: string): unknown {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') depth++;
    else if ((ch === '}' || ch === ']') && --depth === 0) {
      try {
        return JSON.parse(text.slice(0, i + 1));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

function callsIn(value: unknown): TextToolCall[] | string {
  if (Array.isArray(value)) {
    const calls: TextToolCall[] = [];
    for (const item of value) {
      const call = oneCall(item);
      if (typeof call === 'string') return call;
      calls.push(call);
    }
    return calls;
  }
  if (isObject(value) && Array.isArray(value.tool_calls)) return callsIn(value.tool_calls);
  const call = oneCall(value);
  return typeof call === 'string' ? call : [call];
}

function oneCall(item: unknown): TextToolCall | string {
  if (!isObject(item)) return 'a tool call written as text was not a JSON object';
  const fn = isObject(item.function) ? item.function : item;
  const name = fn.name;
  if (typeof name !== 'string' || !name.trim()) return 'a tool call written as text named no tool';
  let args = fn.arguments ?? fn.parameters ?? fn.args ?? fn.input ?? {};
  // OpenAI's own shape carries arguments as a JSON string.
  if (typeof args === 'string') {
    try {
      args = JSON.parse(args);
    } catch {
      return `the arguments of ${name} were not valid JSON`;
    }
  }
  return { name: name.trim(), args };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
