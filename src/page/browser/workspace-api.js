// The page's calls to the workspace server: JSON in, JSON out, errors as readable messages.

export async function getJson(path) {
  const res = await fetch(path, { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(await errorText(res));
  return res.json();
}

export async function postJson(path, body = {}) {
  const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(await errorText(res));
  return res.json();
}

async function errorText(res) {
  try {
    const body = await res.json();
    if (body?.error) return body.error;
  } catch {
    // not JSON: fall through to the status
  }
  return `The workspace answered ${res.status}.`;
}

/** Calls `onChange` whenever the workspace changed; `onConnection(true|false)` as the stream comes and goes. */
export function watchWorkspace(onChange, onConnection) {
  const source = new EventSource('/workspace/stream');
  source.addEventListener('change', onChange);
  source.addEventListener('open', () => onConnection(true));
  source.addEventListener('error', () => onConnection(false));
  return source;
}
