import { fail, ok, type Result } from '../../shared/result';

/** What may go into a `[databases]` entry: validated, never spliced raw. */
const DB_NAME = /^[A-Za-z0-9_.-]{1,63}$/;
const HOST = /^[A-Za-z0-9.:-]{1,253}$/;
/** A connection-string token PgBouncer reads as `key=value` with no quoting: the only form we rewrite. */
const TOKEN = /^([a-z_]+)=([^\s'"\\=]+)$/;

export interface RepointTarget {
  database: string;
  host: string;
  port: number;
}

export function validateTarget(t: RepointTarget): Result<RepointTarget> {
  if (!DB_NAME.test(t.database)) return fail('bad-input', 'the database name may hold only letters, digits, _, - and . (1–63 characters)');
  if (!HOST.test(t.host)) return fail('bad-input', 'the host may hold only letters, digits, ., : and - (a name or an IP address)');
  if (!Number.isInteger(t.port) || t.port < 1 || t.port > 65_535) return fail('bad-input', 'the port is an integer from 1 to 65535');
  return ok(t);
}

/**
 * Rewrites the host and port of one `[databases]` entry of a pgbouncer.ini
 * and leaves every other byte of the file as it was (line endings, comments,
 * other entries, other sections). Refuses what it cannot rewrite safely: an
 * entry that is missing or present twice, or whose value is not plain
 * `key=value` tokens (quotes, backslashes), and any invalid target.
 */
export function rewriteDatabaseEntry(text: string, target: RepointTarget): Result<{ text: string; before: string; after: string }> {
  const valid = validateTarget(target);
  if (!valid.ok) return valid;
  // Split keeping each line's own ending, so joining gives back the same bytes.
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  let section = '';
  const hits: number[] = [];
  lines.forEach((line, i) => {
    const body = line.replace(/\r?\n$/, '');
    const head = /^\s*\[([^\]]+)\]\s*$/.exec(body);
    if (head) {
      section = (head[1] ?? '').trim().toLowerCase();
      return;
    }
    if (section !== 'databases' || /^\s*[;#]/.test(body)) return;
    const eq = body.indexOf('=');
    if (eq > 0 && body.slice(0, eq).trim() === target.database) hits.push(i);
  });
  if (hits.length === 0) return fail('no-entry', `no [databases] entry named ${target.database} in the ini file`);
  if (hits.length > 1) return fail('ambiguous-entry', `[databases] names ${target.database} ${hits.length} times: refusing to guess`);
  const at = hits[0] ?? 0;
  const line = lines[at] ?? '';
  const ending = /\r?\n$/.exec(line)?.[0] ?? '';
  const body = line.slice(0, line.length - ending.length);
  const eq = body.indexOf('=');
  const key = body.slice(0, eq);
  const value = body.slice(eq + 1).trim();
  const tokens = value.length ? value.split(/\s+/) : [];
  const parsed: [string, string][] = [];
  for (const t of tokens) {
    const m = TOKEN.exec(t);
    if (!m) return fail('unsupported-entry', `the entry for ${target.database} has a token ReplicaDesk does not rewrite (${JSON.stringify(t.slice(0, 40))}): only plain key=value`);
    parsed.push([m[1] ?? '', m[2] ?? '']);
  }
  const set = (k: string, v: string) => {
    const found = parsed.find((p) => p[0] === k);
    if (found) found[1] = v;
    else parsed.push([k, v]);
  };
  set('host', target.host);
  set('port', String(target.port));
  const newBody = `${key.replace(/\s+$/, '')} = ${parsed.map(([k, v]) => `${k}=${v}`).join(' ')}`;
  const out = [...lines];
  out[at] = newBody + ending;
  return ok({ text: out.join(''), before: body, after: newBody });
}
