/**
 * The secrets inside one PostgreSQL connection string, taken out so the rest
 * can be saved in plain text, and put back when connecting:
 * - a URI's userinfo password (`postgres://u:PW@h/db`). The userinfo ends at
 *   the LAST `@` of the authority, as WHATWG URL (and so the driver) reads it:
 *   `postgres://u:p@ss@h/db` is user `u`, password `p@ss`, host `h`;
 * - a URI's query parameters `password` and `sslpassword`;
 * - key/value `password` and `sslpassword` (every occurrence; libpq keeps the last).
 * A string this module cannot read is kept whole in the secret store.
 */
export interface SeedSecrets {
  /** The userinfo password (URI) or `password=` (key/value). */
  password?: string;
  /** `?password=` of a URI. */
  queryPassword?: string;
  sslpassword?: string;
  /** The whole string, when it could not be split safely. */
  whole?: string;
}

const SECRET_KEYS = new Set(['password', 'sslpassword']);
export const KEPT_WHOLE = '(kept in the secret store)';
const URI_PREFIX = /^(postgres(?:ql)?:\/\/)/i;

export function splitSeed(seed: string): { stripped: string; secrets: SeedSecrets } {
  const split = URI_PREFIX.test(seed.trim()) ? splitUri(seed.trim()) : splitKeyValue(seed);
  return split ?? { stripped: KEPT_WHOLE, secrets: { whole: seed } };
}

export function joinSeed(stripped: string, s: SeedSecrets): string {
  if (s.whole !== undefined) return s.whole;
  if (URI_PREFIX.test(stripped)) {
    const m = /^([a-z]+:\/\/)([^/?#]*)(.*)$/i.exec(stripped);
    if (!m) return stripped;
    const [, scheme = '', authority = '', tail = ''] = m;
    const at = authority.lastIndexOf('@');
    const user = at < 0 ? '' : authority.slice(0, at);
    const host = authority.slice(at + 1);
    const userinfo = s.password === undefined ? (at < 0 ? '' : `${user}@`) : `${user}:${encodeURIComponent(s.password)}@`;
    const extra = [
      ...(s.queryPassword === undefined ? [] : [`password=${encodeURIComponent(s.queryPassword)}`]),
      ...(s.sslpassword === undefined ? [] : [`sslpassword=${encodeURIComponent(s.sslpassword)}`]),
    ];
    const sep = tail.includes('?') ? '&' : '?';
    return `${scheme}${userinfo}${host}${tail}${extra.length ? sep + extra.join('&') : ''}`;
  }
  const quote = (v: string) => `'${v.replace(/(['\\])/g, '\\$1')}'`;
  const extra = [
    ...(s.password === undefined ? [] : [`password=${quote(s.password)}`]),
    ...(s.sslpassword === undefined ? [] : [`sslpassword=${quote(s.sslpassword)}`]),
  ];
  return [stripped, ...extra].filter(Boolean).join(' ');
}

function decode(s: string): string | null {
  try {
    return decodeURIComponent(s.replace(/\+/g, '%20'));
  } catch {
    return null;
  }
}

function splitUri(seed: string): { stripped: string; secrets: SeedSecrets } | null {
  const m = /^([a-z]+:\/\/)([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/i.exec(seed);
  if (!m || !URL.canParse(seed)) return null;
  const [, scheme = '', authority = '', pathPart = '', query = '', fragment = ''] = m;
  const secrets: SeedSecrets = {};
  const at = authority.lastIndexOf('@');
  let userinfo = at < 0 ? '' : authority.slice(0, at);
  const colon = userinfo.indexOf(':');
  if (colon >= 0) {
    const pw = decode(userinfo.slice(colon + 1).replace(/\+/g, '%2B'));
    if (pw === null) return null;
    secrets.password = pw;
    userinfo = userinfo.slice(0, colon);
  }
  const kept: string[] = [];
  for (const pair of query.replace(/^\?/, '').split('&').filter(Boolean)) {
    const eq = pair.indexOf('=');
    const key = decode(eq < 0 ? pair : pair.slice(0, eq));
    if (key === null) return null;
    if (!SECRET_KEYS.has(key)) {
      kept.push(pair);
      continue;
    }
    const value = decode(eq < 0 ? '' : pair.slice(eq + 1));
    if (value === null) return null;
    if (key === 'password') secrets.queryPassword = value;
    else secrets.sslpassword = value;
  }
  const host = authority.slice(at + 1);
  // A password with an unencoded '/', '?' or '#' leaves its '@' after the authority: not splittable.
  if (at < 0 && seed.slice(scheme.length + authority.length).includes('@')) return null;
  const stripped = `${scheme}${at < 0 ? '' : `${userinfo}@`}${host}${pathPart}${kept.length ? `?${kept.join('&')}` : ''}${fragment}`;
  return { stripped, secrets };
}

/** libpq key/value: values may be single-quoted, backslash escapes the next character. */
function splitKeyValue(text: string): { stripped: string; secrets: SeedSecrets } | null {
  const secrets: SeedSecrets = {};
  const kept: string[] = [];
  let i = 0;
  const n = text.length;
  const space = () => {
    while (i < n && /\s/.test(text[i] ?? '')) i += 1;
  };
  for (;;) {
    space();
    if (i >= n) break;
    const start = i;
    while (i < n && /[A-Za-z0-9_]/.test(text[i] ?? '')) i += 1;
    const key = text.slice(start, i);
    space();
    if (!key || text[i] !== '=') return null;
    i += 1;
    space();
    let value = '';
    if (text[i] === "'") {
      i += 1;
      let closed = false;
      while (i < n && !closed) {
        if (text[i] === '\\' && i + 1 < n) {
          value += text[i + 1];
          i += 2;
        } else if (text[i] === "'") {
          closed = true;
          i += 1;
        } else {
          value += text[i];
          i += 1;
        }
      }
      if (!closed) return null;
    } else {
      while (i < n && !/\s/.test(text[i] ?? '')) {
        if (text[i] === '\\' && i + 1 < n) i += 1;
        value += text[i];
        i += 1;
      }
    }
    if (key === 'password') secrets.password = value;
    else if (key === 'sslpassword') secrets.sslpassword = value;
    else kept.push(text.slice(start, i));
  }
  return { stripped: kept.join(' '), secrets };
}
