// How long an HTTP server asked us to wait before trying again, from its response headers:
// `retry-after-ms` (OpenAI's, milliseconds), else `Retry-After` in seconds or as an HTTP date.
// The retry helper honours the result (and gives up when it is longer than it will wait).

export function retryAfterFromHeaders(headers: Headers | undefined, now: () => number = Date.now): number | undefined {
  if (!headers) return undefined;
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return Math.round(ms);
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number.parseFloat(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now());
}
