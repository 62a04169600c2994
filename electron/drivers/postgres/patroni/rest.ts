import { fail, ok, type Result } from '../../../../shared/result';

/** What a REST call answered: the status and the body as text (Patroni answers refusals in plain text). */
export interface RestReply {
  status: number;
  text: string;
}

/** Base URL without a trailing slash. */
export const baseUrl = (url: string): string => url.replace(/\/+$/, '');

/**
 * One HTTP request, bounded by `timeoutMs` and `signal`. Never throws: a
 * network failure is `unreachable`, a timeout `timeout`. Any HTTP status is ok
 * here; callers decide what a 412 or 503 means.
 */
export async function request(
  method: 'GET' | 'POST',
  url: string,
  opts: { body?: unknown; timeoutMs: number; signal: AbortSignal },
): Promise<Result<RestReply>> {
  const timeout = AbortSignal.timeout(opts.timeoutMs);
  try {
    const res = await fetch(url, {
      method,
      signal: AbortSignal.any([opts.signal, timeout]),
      ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body), headers: { 'content-type': 'application/json' } }),
    });
    return ok({ status: res.status, text: await res.text() });
  } catch (e) {
    if (opts.signal.aborted) return fail('aborted', `${method} ${url} was cancelled`);
    if (timeout.aborted) return fail('timeout', `${method} ${url} did not answer within ${opts.timeoutMs} ms`);
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    return fail('unreachable', `${method} ${url}: ${cause?.code ?? cause?.message ?? (e as Error).message}`);
  }
}

/** A GET whose 2xx JSON body is returned parsed; anything else is a failure naming the URL. */
export async function getJson(url: string, timeoutMs: number, signal: AbortSignal): Promise<Result<unknown>> {
  const r = await request('GET', url, { timeoutMs, signal });
  if (!r.ok) return r;
  // Patroni answers GET /patroni with 503 on a node whose postgres is down, but still with its JSON body.
  try {
    return ok(JSON.parse(r.value.text) as unknown);
  } catch {
    return fail('not-patroni', `${url} answered HTTP ${r.value.status} with a body that is not JSON`);
  }
}

/** The curl-like line shown as a plan step's command. */
export function describeRequest(method: 'GET' | 'POST', url: string, body?: unknown): string {
  return body === undefined ? `${method} ${url}` : `${method} ${url} ${JSON.stringify(body)}`;
}
