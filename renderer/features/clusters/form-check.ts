import { ClusterSpecSchema, type ClusterSpec, type ClusterSpecInput } from '../../../shared/model/cluster';
import type { Failure } from '../../../shared/result';
import type { FormField } from '../../testids';
import { nodeAgentIssue } from './node-agent-rows';
import type { PoolerRowErrors } from './pooler-form';

export type FieldErrors = Partial<Record<FormField, string>>;
/** `rowErrors`: the PgBouncer pooler rows' errors, keyed `<row>.<field>` (pooler-form.ts). */
export type FormCheck = { ok: true; spec: ClusterSpec } | { ok: false; errors: FieldErrors; general: string | null; rowErrors?: PoolerRowErrors };

/** The engines whose form has "Node agents" rows (node-agent-rows.ts): their `agents.N` issues go under the rows. */
const NODE_AGENT_ENGINES: readonly ClusterSpec['engine'][] = ['postgres', 'mariadb'];

export const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);

/** Blank → undefined (the schema's default applies); not a number → an error for that field. */
export function numberField(text: string, field: FormField, errors: FieldErrors, scale = 1): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const n = Number(t);
  if (!Number.isFinite(n)) {
    errors[field] = `"${t}" is not a number`;
    return undefined;
  }
  return Math.round(n * scale);
}

/**
 * The spec checked with the shared schema, its issues on the form's fields (`local`: the form's own findings win).
 * `agentRows`: the form row of each spec agent (blank rows are dropped), so an issue names the row the user sees;
 * `agentRowsError`: the rows' own mistakes (checkNodeAgentRows), added under the rows.
 */
export function finish(input: ClusterSpecInput, local: FieldErrors, agentRows?: readonly number[], agentRowsError: string | null = null): FormCheck {
  const parsed = ClusterSpecSchema.safeParse(input);
  const issues = parsed.success
    ? []
    : parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  const { errors, general } = issuesToFieldErrors(issues, input.engine, agentRows);
  const merged = { ...errors, ...local };
  if (agentRowsError !== null) merged.nodeAgents = [errors.nodeAgents, agentRowsError].filter(Boolean).join('; ');
  if (parsed.success && Object.keys(merged).length === 0) return { ok: true, spec: parsed.data };
  return { ok: false, errors: merged, general };
}

/** Maps failing paths (from zod or from the server's Failure.issues) to form fields. */
export function issuesToFieldErrors(issues: NonNullable<Failure['issues']>, engine?: ClusterSpec['engine'], agentRows?: readonly number[]): { errors: FieldErrors; general: string | null } {
  const errors: FieldErrors = {};
  const other: string[] = [];
  for (const { path, message } of issues) {
    const [head, index, leaf] = path.split('.');
    if (head === 'agents' && engine !== undefined && NODE_AGENT_ENGINES.includes(engine)) {
      // Every row's mistake in one list under the rows, each named by its row.
      const text = nodeAgentIssue(index, message, agentRows);
      errors.nodeAgents = errors.nodeAgents ? `${errors.nodeAgents}; ${text}` : text;
      continue;
    }
    const line = index !== undefined && /^\d+$/.test(index) ? `line ${Number(index) + 1}: ` : '';
    let field: FormField | null = null;
    if (head === 'name' || head === 'seeds' || head === 'sampleIntervalMs' || head === 'lagThresholdBytes') field = head;
    else if (head === 'lagThresholdMs' || head === 'discoveryPorts') field = head;
    else if (head === 'agents') field = leaf === 'token' ? 'token' : 'agents';
    else if (head === 'endpoints') field = 'endpoints';
    else if (head === 'replication') field = index === 'password' ? 'replicationPassword' : 'replicationUser';
    else if (head === 'heartbeat') field = 'heartbeatTable';
    else if (head === 'auth') field = index === 'password' ? 'password' : 'username';
    else if (head === 'tls') field = index === 'caFile' ? 'caFile' : index === 'keyFile' ? 'keyFile' : 'certFile';
    if (field === null) other.push(`${path}: ${message}`);
    else if (errors[field] === undefined) errors[field] = field === 'token' ? message : `${line}${message}`;
  }
  return { errors, general: other.length ? other.join('; ') : null };
}
