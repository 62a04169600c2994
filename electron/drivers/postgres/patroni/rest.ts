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
  // `http://user:password@host` (Patroni's restapi.authentication): sent as Basic auth, never shown in a message.
  const { bare, authorization } = splitCredentials(url);
  url = bare;
  const headers: Record<string, string> = {
    ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }),
    ...(authorization ? { authorization } : {}),
  };
  try {
    const res = await fetch(url, {
      method,
      signal: AbortSignal.any([opts.signal, timeout]),
      headers,
      ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
    });
    return ok({ status: res.status, text: await res.text() });
  } catch (e) {
    if (opts.signal.aborted) return fail('aborted', `${method} ${url} was cancelled`);
    if (timeout.aborted) return fail('timeout', `${method} ${url} did not answer within ${opts.timeoutMs} ms`);
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    return fail('unreachable', `${method} ${url}: ${cause?.code ?? cause?.message ?? (e as Error).message}`);
  }
}

/** A URL without its userinfo, and the Basic `authorization` header it stood for. */
export function splitCredentials(url: string): { bare: string; authorization: string | null } {
  const m = /^([a-z]+:\/\/)([^/?#]*)@(.*)$/i.exec(url);
  if (!m) return { bare: url, authorization: null };
  const [, scheme = '', userinfo = '', rest = ''] = m;
  const colon = userinfo.indexOf(':');
  const dec = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  const user = dec(colon < 0 ? userinfo : userinfo.slice(0, colon));
  const password = colon < 0 ? '' : dec(userinfo.slice(colon + 1));
  return { bare: `${scheme}${rest}`, authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}

/** A GET whose 2xx JSON body is returned parsed; anything else is a failure naming the URL. */
export async function getJson(url: string, timeoutMs: number, signal: AbortSignal): Promise<Result<unknown>> {
  const r = await request('GET', url, { timeoutMs, signal });
  if (!r.ok) return r;
  // Patroni answers GET /patroni with 503 on a node whose postgres is down, but still with its JSON body.
  try {
    return ok(JSON.parse(r.value.text) as unknown);
  } catch {
    return fail('not-patroni', `${splitCredentials(url).bare} answered HTTP ${r.value.status} with a body that is not JSON`);
  }
}

/** The curl-like line shown as a plan step's command. */
export function describeRequest(method: 'GET' | 'POST', withCredentials: string, body?: unknown): string {
  const url = splitCredentials(withCredentials).bare;
  return body === undefined ? `${method} ${url}` : `${method} ${url} ${JSON.stringify(body)}`;
}
