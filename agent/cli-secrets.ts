import { readFileSync, statSync } from 'node:fs';
import { fail, ok, type Result } from '../shared/result';

/**
 * Secrets the agent needs (its token, the local server's password) come from a
 * file or the environment, never the command line: /proc/PID/cmdline and `ps`
 * show every process's arguments to every user on the host.
 */
export const CLI_SECRET_HINT = 'the command line is readable by every user on this host (ps, /proc/PID/cmdline)';

/** A secret file's content without its trailing newline; a warning when group or others may read it. */
export function readSecretFile(file: string, what: string): Result<{ value: string; warning: string | null }> {
  let text: string;
  let mode: number;
  try {
    text = readFileSync(file, 'utf8');
    mode = statSync(file).mode & 0o777;
  } catch (error) {
    return fail('usage', `cannot read the ${what} file ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const value = text.replace(/\r?\n$/, '');
  if (!value) return fail('usage', `the ${what} file ${file} is empty`);
  const warning = mode & 0o077 ? `the ${what} file ${file} has mode ${mode.toString(8)}: other users may read it (chmod 600 ${file})` : null;
  return ok({ value, warning });
}

/** The agent token: --token-file, else REPLICADESK_AGENT_TOKEN; --token only with --allow-cli-secrets. */
export function agentToken(
  opts: { token: string | undefined; tokenFile: string | undefined; allowCliSecrets: boolean },
  env: NodeJS.ProcessEnv,
): Result<{ value: string; warning: string | null }> {
  const given = [opts.token !== undefined, opts.tokenFile !== undefined].filter(Boolean).length;
  if (given > 1) return fail('usage', 'give the token one way: --token-file FILE or REPLICADESK_AGENT_TOKEN');
  if (opts.token !== undefined) {
    if (!opts.allowCliSecrets) {
      return fail('usage', `--token is refused: ${CLI_SECRET_HINT}. Use --token-file FILE or set REPLICADESK_AGENT_TOKEN (or add --allow-cli-secrets if you accept the risk)`);
    }
    if (!opts.token) return fail('usage', 'the token is empty');
    return ok({ value: opts.token, warning: `--token is on the command line, where ${CLI_SECRET_HINT}` });
  }
  if (opts.tokenFile !== undefined) return readSecretFile(opts.tokenFile, 'token');
  const fromEnv = env.REPLICADESK_AGENT_TOKEN;
  if (fromEnv) return ok({ value: fromEnv, warning: null });
  return fail('usage', 'a token is required: pass --token-file FILE or set REPLICADESK_AGENT_TOKEN');
}

/**
 * Looks a password up in a libpq password file (`host:port:db:user:password`,
 * `*` matches anything, `\:` and `\\` are escaped). The first matching line wins.
 */
export function lookupPgpass(text: string, want: { host: string; port: number; database: string; user: string }): string | undefined {
  for (const line of text.split(/\r?\n/)) {
    if (!line || line.startsWith('#')) continue;
    const fields: string[] = [];
    let cur = '';
    for (let i = 0; i < line.length; i += 1) {
      const c = line[i];
      if (c === '\\' && i + 1 < line.length) {
        cur += line[i + 1];
        i += 1;
      } else if (c === ':' && fields.length < 4) {
        fields.push(cur);
        cur = '';
      } else cur += c;
    }
    fields.push(cur);
    if (fields.length !== 5) continue;
    const [host, port, db, user, password] = fields as [string, string, string, string, string];
    const hostOk = host === '*' || host === want.host || (host === 'localhost' && want.host === '127.0.0.1');
    if (hostOk && (port === '*' || port === String(want.port)) && (db === '*' || db === want.database) && (user === '*' || user === want.user)) return password;
  }
  return undefined;
}
