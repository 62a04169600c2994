import { configFileValue, conninfo } from '../../shared/postgres/quote';

/**
 * postgresql.auto.conf as the postgres agent backend rewrites it: one
 * `key = 'value'` per line (ALTER SYSTEM's own format). Pure functions.
 * Every conninfo value is quoted by libpq's rules and the whole line by the
 * config file's (shared/postgres/quote.ts), so no value adds a keyword or a line.
 */

const LINE = /^\s*([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*?)\s*$/;

function unquote(raw: string): string {
  if (!raw.startsWith("'")) return raw.replace(/\s+#.*$/, '');
  let out = '';
  for (let i = 1; i < raw.length; i += 1) {
    const c = raw[i];
    if (c === "'" && raw[i + 1] === "'") {
      out += "'";
      i += 1;
    } else if (c === '\\' && i + 1 < raw.length) {
      const next = raw[i + 1]!;
      out += next === 'n' ? '\n' : next === 'r' ? '\r' : next === 't' ? '\t' : next;
      i += 1;
    } else if (c === "'") {
      break;
    } else {
      out += c;
    }
  }
  return out;
}

/** The value a setting has in the file (the last line wins, as for the server), or null. */
export function confValue(text: string, key: string): string | null {
  let found: string | null = null;
  for (const line of text.split('\n')) {
    const m = LINE.exec(line);
    if (m?.[1]?.toLowerCase() === key.toLowerCase()) found = unquote(m[2] ?? '');
  }
  return found;
}

export interface StandbyConf {
  upstream: { host: string; port: number };
  /** The replication login (its password belongs in ~/.pgpass of the standby's OS user). */
  user: string;
  /** Defaults to the node's cluster_name, so the primary can tell its standbys apart. */
  applicationName?: string;
}

/** Removes the lines a node must not keep as a standby; appends primary_conninfo pointing at the upstream. */
export function standbyAutoConf(current: string, conf: StandbyConf): string {
  const drop = new Set(['primary_conninfo', 'default_transaction_read_only']);
  const kept = current.split('\n').filter((line) => {
    const key = LINE.exec(line)?.[1]?.toLowerCase();
    return !key || !drop.has(key);
  });
  while (kept.length > 0 && kept.at(-1)?.trim() === '') kept.pop();
  const app = conf.applicationName ?? confValue(current, 'cluster_name') ?? '';
  const info = conninfo({
    host: conf.upstream.host,
    port: conf.upstream.port,
    user: conf.user,
    application_name: app || undefined,
  });
  return `${[...kept, `primary_conninfo = ${configFileValue(info)}`].join('\n')}\n`;
}
