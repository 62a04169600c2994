import type { Result } from '../../../../shared/result';
import type { AlertChange } from '../alert-book';

/** One receiver's transport: sends a batch of alert changes, or says why it could not (as data). */
export interface Sender {
  readonly kind: string;
  /** scheme://host:port, for messages and the UI. */
  readonly target: string;
  send(batch: readonly AlertChange[], signal: AbortSignal): Promise<Result<void>>;
}

/** Any URL in an error text cut to scheme://host:port (fetch's own messages quote the whole URL, userinfo included). */
export function redactUrls(text: string): string {
  return text.replace(/[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi, (u) => {
    try {
      const x = new URL(u);
      return `${x.protocol}//${x.host}`;
    } catch {
      return '(URL)';
    }
  });
}

/** POSTs JSON; a non-2xx answer or a network error comes back as a sentence naming the receiver. */
export async function postJson(what: string, url: string, body: unknown, token: string | null, signal: AbortSignal): Promise<Result<void>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers['authorization'] = `Bearer ${token}`;
  try {
    const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body), signal });
    if (res.ok) {
      await res.body?.cancel();
      return { ok: true, value: undefined };
    }
    const text = (await res.text().catch(() => '')).trim().slice(0, 300);
    return { ok: false, code: 'refused', reason: `${what} refused: ${res.status} ${res.statusText}${text ? `: ${redactUrls(text)}` : ''}` };
  } catch (error) {
    const e = error as Error & { cause?: { code?: string; message?: string } };
    const why = e.name === 'TimeoutError' || e.name === 'AbortError' ? 'no answer in time' : (e.cause?.code ?? e.cause?.message ?? e.message);
    return { ok: false, code: 'unreachable', reason: `${what} unreachable: ${redactUrls(why)}` };
  }
}
