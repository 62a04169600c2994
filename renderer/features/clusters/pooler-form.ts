import { PoolerSpecSchema, poolerId, type PoolerSpec } from '../../../shared/model/pooler';

/** One "PgBouncer pooler" row of the Add PostgreSQL cluster form, as typed. */
export interface PoolerRowValues {
  name: string;
  host: string;
  port: string;
  /** One of PgBouncer's `admin_users`. */
  user: string;
  /** A secret: the core keeps it in the secret store (`pooler:<i>`), never in the saved spec. */
  password: string;
  /** The pgbouncer agent beside it (rewrites `[databases]` and RELOADs); blank for none. */
  agentUrl: string;
  /** A secret (`pooler-agent:<i>`). */
  agentToken: string;
}

export type PoolerRowField = keyof PoolerRowValues;
/** Errors keyed `<row>.<field>` (row from 0). */
export type PoolerRowErrors = Record<string, string>;

export const emptyPoolerRow: PoolerRowValues = { name: '', host: '', port: '6432', user: '', password: '', agentUrl: '', agentToken: '' };

export const rowErrorKey = (row: number, field: PoolerRowField) => `${row}.${field}`;

type PoolerInput = Omit<PoolerSpec, 'pauseTimeoutMs'>;

/** A zod path inside one pooler spec → the row field that shows it. */
function fieldOf(path: readonly PropertyKey[]): PoolerRowField {
  const [head, leaf] = path.map(String);
  if (head === 'agent') return leaf === 'token' ? 'agentToken' : 'agentUrl';
  if (head === 'name' || head === 'host' || head === 'port' || head === 'user' || head === 'password') return head;
  return 'name';
}

/**
 * Checks the pooler rows with the shared schema (each error on its own input),
 * plus what the schema cannot see: a port that is not a number, an agent URL
 * without its token (or the reverse), and two rows for the same host:port.
 */
export function checkPoolerRows(rows: readonly PoolerRowValues[]): { poolers: PoolerInput[]; errors: PoolerRowErrors } {
  const errors: PoolerRowErrors = {};
  const poolers: PoolerInput[] = [];
  const seen = new Map<string, number>();
  rows.forEach((row, i) => {
    const set = (field: PoolerRowField, message: string) => (errors[rowErrorKey(i, field)] ??= message);
    const portText = row.port.trim();
    const port = /^\d+$/.test(portText) ? Number(portText) : Number.NaN;
    if (portText === '') set('port', 'the admin port is required (PgBouncer listens on 6432 by default)');
    else if (Number.isNaN(port)) set('port', `"${portText}" is not a port number`);
    const url = row.agentUrl.trim();
    if (url === '' && row.agentToken !== '') set('agentUrl', 'give the agent URL that goes with the token, or clear the token');
    if (url !== '' && row.agentToken === '') set('agentToken', 'the agent token is required');
    const input = {
      name: row.name,
      host: row.host,
      port: Number.isNaN(port) ? 6432 : port,
      user: row.user,
      password: row.password,
      ...(url !== '' ? { agent: { url, token: row.agentToken } } : {}),
    };
    const parsed = PoolerSpecSchema.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = fieldOf(issue.path);
        set(field, field === 'port' ? 'a port from 1 to 65535' : issue.message);
      }
      return;
    }
    const { pauseTimeoutMs: _default, ...spec } = parsed.data;
    const id = poolerId(spec);
    const first = seen.get(id);
    if (first !== undefined) set('port', `pooler ${first + 1} already uses ${spec.host}:${spec.port}`);
    else seen.set(id, i);
    poolers.push(spec);
  });
  return { poolers, errors };
}

/** Server-side issues at `poolers.<i>.<field…>` → the row inputs; other paths are left to the caller. */
export function poolerIssuesToRowErrors(issues: readonly { path: string; message: string }[]): PoolerRowErrors {
  const errors: PoolerRowErrors = {};
  for (const { path, message } of issues) {
    const [head, index, ...rest] = path.split('.');
    if (head !== 'poolers' || index === undefined || !/^\d+$/.test(index)) continue;
    errors[rowErrorKey(Number(index), fieldOf(rest))] ??= message;
  }
  return errors;
}
