/**
 * What to grant after a permission error (SQLSTATE 42501), by what was denied.
 * Names taken from the server's message are used only when they are plain
 * names (a function or parameter name), and only in advice text, never run.
 */

/** A role name as an identifier in advice (always quoted, so reserved words and capitals work too). */
export function roleIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Functions we call that PUBLIC may not execute: their signature for GRANT, and whether pg_monitor can execute them. */
const KNOWN_FUNCTIONS: Record<string, { signature: string; pgMonitor: boolean }> = {
  pg_promote: { signature: 'pg_promote(boolean, integer)', pgMonitor: false },
  pg_reload_conf: { signature: 'pg_reload_conf()', pgMonitor: false },
  pg_read_file: { signature: 'pg_read_file(text, bigint, bigint)', pgMonitor: false },
  pg_current_logfile: { signature: 'pg_current_logfile(text)', pgMonitor: false },
  pg_control_system: { signature: 'pg_control_system()', pgMonitor: false },
  pg_control_checkpoint: { signature: 'pg_control_checkpoint()', pgMonitor: false },
  pg_ls_waldir: { signature: 'pg_ls_waldir()', pgMonitor: true },
  pg_ls_logdir: { signature: 'pg_ls_logdir()', pgMonitor: true },
  pg_ls_archive_statusdir: { signature: 'pg_ls_archive_statusdir()', pgMonitor: true },
  pg_ls_tmpdir: { signature: 'pg_ls_tmpdir()', pgMonitor: true },
};

const PLAIN_NAME = /^[a-z_][a-z0-9_.]*$/;

export interface DeniedError {
  message: string;
  /** The server's C function that raised it (pg's `routine`), e.g. AlterSystemSetConfigFile. */
  routine?: string;
  detail?: string;
  /** Our own statement the server refused (never the server's text): says which privilege it needed. */
  statement?: string;
}

/** The advice for one permission error of `user`; never suggests pg_monitor for something pg_monitor does not grant. */
export function permissionAdvice(e: DeniedError, user: string): string {
  const to = roleIdent(user);
  const m = e.message;
  const fn = /^permission denied for function (\S+)$/.exec(m)?.[1];
  if (fn !== undefined) {
    const known = KNOWN_FUNCTIONS[fn];
    if (known?.pgMonitor) return `GRANT pg_monitor TO ${to}; (it can execute ${known.signature})`;
    if (known) return `GRANT EXECUTE ON FUNCTION ${known.signature} TO ${to};`;
    return PLAIN_NAME.test(fn) ? `GRANT EXECUTE ON FUNCTION ${fn}(<its argument types>) TO ${to};` : `grant ${to} EXECUTE on the function named above`;
  }
  const param = /^permission denied to set parameter "([^"]+)"$/.exec(m)?.[1];
  if (param !== undefined) {
    const name = PLAIN_NAME.test(param) ? param : '<the parameter named above>';
    return e.routine === 'AlterSystemSetConfigFile'
      ? `GRANT ALTER SYSTEM ON PARAMETER ${name} TO ${to}; GRANT EXECUTE ON FUNCTION pg_reload_conf() TO ${to}; (PostgreSQL 15 or later: the new value takes effect only after pg_reload_conf(); before 15 ALTER SYSTEM needs a superuser)`
      : `GRANT SET ON PARAMETER ${name} TO ${to}; (PostgreSQL 15 or later)`;
  }
  if (/superuser process|superuser to (terminate|cancel)/i.test(m)) {
    return 'needs a superuser: only a superuser can end or cancel a superuser\'s session';
  }
  if (/pg_signal_backend/.test(`${m} ${e.detail ?? ''}`) || /^permission denied to (terminate|cancel)/i.test(m)) {
    return `GRANT pg_signal_backend TO ${to};`;
  }
  if (/pg_checkpoint/.test(m)) return `GRANT pg_checkpoint TO ${to}; (PostgreSQL 15 or later; before 15 CHECKPOINT needs a superuser)`;
  if (/replication role/.test(m)) return `ALTER ROLE ${to} REPLICATION;`;
  if (/pg_read_all_settings|pg_read_all_stats/.test(m)) return `GRANT pg_monitor TO ${to}; (it includes pg_read_all_settings and pg_read_all_stats)`;
  const obj = /^permission denied for (table|view|relation|materialized view|sequence|schema) (.+)$/.exec(m);
  if (obj) return objectAdvice(obj[1]!, obj[2]!, e.statement, to);
  if (/must be (a )?superuser/i.test(m)) return 'needs a superuser';
  return `grant ${to} what the message names`;
}

/** The advice for a refused table, view, sequence or schema: the privileges the refused statement needed. */
function objectAdvice(kind: string, name: string, statement: string | undefined, to: string): string {
  const plain = PLAIN_NAME.test(name);
  if (kind === 'schema') return plain ? `GRANT USAGE ON SCHEMA ${name} TO ${to};` : `GRANT USAGE ON SCHEMA <the schema named above> TO ${to};`;
  if (kind === 'sequence') return `GRANT USAGE, SELECT ON SEQUENCE ${plain ? name : '<the sequence named above>'} TO ${to};`;
  const privs = statement ? privilegesFor(statement) : null;
  if (!privs) return `${to} needs on ${plain ? name : 'the object named above'} the privileges the refused statement uses (SELECT to read; INSERT, UPDATE, DELETE to write), or ask its owner`;
  const target = (statement && qualifiedTarget(statement, name)) ?? (plain ? name : '<the table named above>');
  return `GRANT ${privs.join(', ')} ON ${target} TO ${to}; (what the refused ${verbOf(statement!)} needs)`;
}

const WRITE_VERBS: [RegExp, string][] = [
  [/\bINSERT\s+INTO\b/i, 'INSERT'],
  [/\bUPDATE\b/i, 'UPDATE'],
  [/\bDELETE\s+FROM\b/i, 'DELETE'],
  [/^\s*TRUNCATE\b/i, 'TRUNCATE'],
];

/**
 * The table privileges one of our statements needs: each write verb it uses (ON CONFLICT DO UPDATE
 * and SELECT … FOR UPDATE need UPDATE), plus SELECT when it reads columns (a plain SELECT, a WHERE,
 * RETURNING or ON CONFLICT). Null for a statement that is none of these.
 */
export function privilegesFor(statement: string): string[] | null {
  const writes = WRITE_VERBS.filter(([re]) => re.test(statement)).map(([, p]) => p);
  const reads = /^\s*(SELECT|WITH|TABLE)\b/i.test(statement) || /\b(WHERE|RETURNING|ON\s+CONFLICT)\b/i.test(statement);
  if (writes.length === 0 && !reads) return null;
  return [...(reads ? ['SELECT'] : []), ...writes];
}

/** "INSERT … ON CONFLICT DO UPDATE", "UPDATE", "SELECT": the refused statement's kind, for the advice. */
function verbOf(statement: string): string {
  const first = /^\s*([A-Za-z]+)/.exec(statement)?.[1]?.toUpperCase() ?? 'statement';
  return /ON\s+CONFLICT\s*\([^)]*\)\s*DO\s+UPDATE/i.test(statement) ? `${first} … ON CONFLICT DO UPDATE` : first;
}

const IDENT = String.raw`(?:"(?:[^"]|"")+"|[a-z_][a-z0-9_$]*)`;
const TARGET = new RegExp(String.raw`^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+(${IDENT}(?:\.${IDENT})?)`, 'i');

/** The schema-qualified, quoted table our statement writes, when it is the table the server named. */
function qualifiedTarget(statement: string, name: string): string | null {
  const t = TARGET.exec(statement)?.[1];
  if (!t) return null;
  const last = /(?:^|\.)("(?:[^"]|"")+"|[a-z_][a-z0-9_$]*)$/i.exec(t)?.[1] ?? '';
  const bare = last.startsWith('"') ? last.slice(1, -1).replaceAll('""', '"') : last.toLowerCase();
  return bare === name ? t : null;
}
