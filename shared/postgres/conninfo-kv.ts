import { fail, ok, type Result } from '../result';

/**
 * libpq `key=value` connection strings: values may be single-quoted, with
 * backslash escaping a quote or a backslash. Keys are checked against the
 * libpq keyword list, so a typo gets the same answer libpq would give.
 */
export const LIBPQ_KEYWORDS = new Set([
  'host', 'hostaddr', 'port', 'dbname', 'user', 'password', 'passfile', 'channel_binding',
  'connect_timeout', 'client_encoding', 'options', 'application_name', 'fallback_application_name',
  'keepalives', 'keepalives_idle', 'keepalives_interval', 'keepalives_count', 'tcp_user_timeout',
  'replication', 'gssencmode', 'sslmode', 'requiressl', 'sslcompression', 'sslcert', 'sslkey',
  'sslpassword', 'sslrootcert', 'sslcrl', 'sslcrldir', 'sslsni', 'requirepeer', 'ssl_min_protocol_version',
  'ssl_max_protocol_version', 'krbsrvname', 'gsslib', 'service', 'target_session_attrs', 'load_balance_hosts',
]);

export function parseKeyValue(text: string): Result<Map<string, string>> {
  const out = new Map<string, string>();
  let i = 0;
  const n = text.length;
  const skipSpace = () => {
    while (i < n && /\s/.test(text[i] ?? '')) i += 1;
  };
  for (;;) {
    skipSpace();
    if (i >= n) break;
    const keyStart = i;
    while (i < n && /[A-Za-z0-9_]/.test(text[i] ?? '')) i += 1;
    const key = text.slice(keyStart, i);
    skipSpace();
    if (!key || text[i] !== '=') {
      const near = text.slice(keyStart, keyStart + 20);
      return fail('invalid-connection-string', `expected key=value near "${near}"`);
    }
    i += 1;
    skipSpace();
    let value = '';
    if (text[i] === "'") {
      i += 1;
      let closed = false;
      while (i < n) {
        const c = text[i];
        if (c === '\\' && i + 1 < n) {
          value += text[i + 1];
          i += 2;
        } else if (c === "'") {
          closed = true;
          i += 1;
          break;
        } else {
          value += c;
          i += 1;
        }
      }
      if (!closed) return fail('invalid-connection-string', `the quoted value of "${key}" is not closed`);
    } else {
      while (i < n && !/\s/.test(text[i] ?? '')) {
        if (text[i] === '\\' && i + 1 < n) i += 1;
        value += text[i];
        i += 1;
      }
    }
    if (!LIBPQ_KEYWORDS.has(key)) {
      return fail('invalid-connection-string', `"${key}" is not a connection option libpq knows`);
    }
    out.set(key, value);
  }
  if (out.size === 0) return fail('invalid-connection-string', 'the connection string is empty');
  return ok(out);
}
