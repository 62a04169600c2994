import http from 'node:http';
import https from 'node:https';
import { readFileSync } from 'node:fs';
import { AbortedError, EtcdServerError, EtcdTimeoutError, NotEtcdError } from './errors';

/** TLS material for https endpoints, read once from the spec's files. */
export interface TlsFiles {
  caFile?: string | undefined;
  certFile?: string | undefined;
  keyFile?: string | undefined;
}

export interface PostOptions {
  timeoutMs: number;
  signal: AbortSignal;
  /** etcd auth token, sent as the `Authorization` header. */
  token?: string | null;
  agent?: http.Agent;
}

/** Bodies larger than this are not etcd status replies. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** One keep-alive agent per driver; https agents carry the CA and client certificate. */
export function createAgent(secure: boolean, tls: TlsFiles | undefined): http.Agent {
  if (!secure) return new http.Agent({ keepAlive: true, maxSockets: 4 });
  return new https.Agent({
    keepAlive: true,
    maxSockets: 4,
    ca: tls?.caFile ? readFileSync(tls.caFile) : undefined,
    cert: tls?.certFile ? readFileSync(tls.certFile) : undefined,
    key: tls?.keyFile ? readFileSync(tls.keyFile) : undefined,
  });
}

/**
 * POSTs JSON to etcd's gateway and returns the parsed object. Throws
 * EtcdTimeoutError, AbortedError, NotEtcdError (not JSON, unexpected status),
 * EtcdServerError (etcd's `{error, code}`) or the socket's own error.
 */
export function postJson(url: URL, body: unknown, opts: PostOptions): Promise<Record<string, unknown>> {
  if (opts.signal.aborted) return Promise.reject(new AbortedError());
  const lib = url.protocol === 'https:' ? https : http;
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    let done = false;
    const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) };
    if (opts.token) headers.authorization = opts.token;
    const req = lib.request(url, { method: 'POST', headers, agent: opts.agent });
    const finish = (settle: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      opts.signal.removeEventListener('abort', onAbort);
      settle();
    };
    const onAbort = () => finish(() => (req.destroy(), reject(new AbortedError())));
    const timer = setTimeout(() => finish(() => (req.destroy(), reject(new EtcdTimeoutError(opts.timeoutMs)))), opts.timeoutMs);
    opts.signal.addEventListener('abort', onAbort, { once: true });
    req.on('error', (e) => finish(() => reject(e)));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY_BYTES) finish(() => (req.destroy(), reject(new NotEtcdError(`a reply larger than ${MAX_BODY_BYTES} bytes`))));
        else chunks.push(c);
      });
      res.on('error', (e) => finish(() => reject(e)));
      res.on('end', () => finish(() => settleBody(res, Buffer.concat(chunks).toString('utf8'), resolve, reject)));
    });
    req.end(payload);
  });
}

function settleBody(
  res: http.IncomingMessage,
  text: string,
  resolve: (v: Record<string, unknown>) => void,
  reject: (e: Error) => void,
): void {
  const status = res.statusCode ?? 0;
  const type = String(res.headers['content-type'] ?? '');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    reject(new NotEtcdError(`HTTP ${status}, ${type || 'no content type'}: "${snippet(text)}"`));
    return;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    reject(new NotEtcdError(`HTTP ${status}: a JSON reply that is not an object`));
    return;
  }
  const obj = parsed as Record<string, unknown>;
  if (typeof obj.code === 'number' && (typeof obj.error === 'string' || typeof obj.message === 'string')) {
    reject(new EtcdServerError(obj.code, String(obj.message ?? obj.error), status));
    return;
  }
  if (status < 200 || status >= 300) {
    reject(new NotEtcdError(`HTTP ${status}: "${snippet(text)}"`));
    return;
  }
  resolve(obj);
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 60 ? `${flat.slice(0, 60)}…` : flat;
}
