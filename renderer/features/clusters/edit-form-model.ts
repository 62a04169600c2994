import type { ClusterSpec } from '../../../shared/model/cluster';
import { KEPT_WHOLE } from '../../../shared/postgres/seed-secrets';
import type { AddMode } from './AddClusterForm';
import {
  checkAgentForm,
  checkEtcdForm,
  checkMariadbForm,
  checkPostgresForm,
  type AgentFormValues,
  type EtcdFormValues,
  type FormCheck,
  type MariadbFormValues,
  type PostgresFormValues,
} from './form-model';
import type { NodeAgentRow } from './node-agent-rows';
import type { PoolerRowValues } from './pooler-form';

/** Shown in every password and token field of "Edit connection…": empty keeps the stored secret of that entry. */
export const UNCHANGED_PLACEHOLDER = 'unchanged — leave empty to keep';
/** Sent for a token left empty (the schema wants one); the core puts back the stored token of the same entry. */
export const KEPT_MARKER = KEPT_WHOLE;

/** The Add form's values for one engine, prefilled from a redacted spec (every secret empty). */
export type EditValues =
  | { mode: 'postgres'; values: PostgresFormValues; poolers: PoolerRowValues[] }
  | { mode: 'agent'; values: AgentFormValues }
  | { mode: 'etcd'; values: EtcdFormValues }
  | { mode: 'mariadb'; values: MariadbFormValues };

const MB = 1024 * 1024;
const agentRows = (agents: readonly { nodeAddress: string; url: string }[] | undefined): NodeAgentRow[] => (agents ?? []).map((a) => ({ nodeAddress: a.nodeAddress, url: a.url, token: '' }));

export function editValuesOf(spec: ClusterSpec): EditValues {
  const interval = String(spec.sampleIntervalMs);
  switch (spec.engine) {
    case 'postgres':
      return {
        mode: 'postgres',
        values: {
          name: spec.name,
          seeds: spec.seeds.join('\n'),
          sampleIntervalMs: interval,
          discoveryPorts: spec.discoveryPorts.join(', '),
          lagThresholdMb: String(spec.lagThresholdBytes / MB),
          lagThresholdMs: String(spec.lagThresholdMs),
          nodeAgents: agentRows(spec.agents),
        },
        poolers: (spec.poolers ?? []).map((p) => ({ name: p.name, host: p.host, port: String(p.port), user: p.user, password: '', agentUrl: p.agent?.url ?? '', agentToken: '' })),
      };
    case 'agent':
      return { mode: 'agent', values: { name: spec.name, agents: spec.agents.map((a) => a.url).join('\n'), token: '', sampleIntervalMs: interval } };
    case 'etcd':
      return {
        mode: 'etcd',
        values: { name: spec.name, endpoints: spec.endpoints.join('\n'), username: spec.auth?.username ?? '', password: '', caFile: spec.tls?.caFile ?? '', certFile: spec.tls?.certFile ?? '', keyFile: spec.tls?.keyFile ?? '', sampleIntervalMs: interval },
      };
    case 'mariadb':
      return {
        mode: 'mariadb',
        values: {
          name: spec.name,
          seeds: spec.seeds.join(', '),
          username: spec.auth.user,
          password: '',
          replicationUser: spec.replication?.user ?? '',
          replicationPassword: '',
          heartbeatTable: spec.heartbeat?.table ?? '',
          heartbeatCreate: spec.heartbeat?.create ? 'yes' : '',
          sampleIntervalMs: interval,
          nodeAgents: agentRows(spec.agents),
        },
      };
  }
}

const keepToken = (token: string) => (token === '' ? KEPT_MARKER : token);
const keepRows = (rows: NodeAgentRow[]) => rows.map((r) => (r.nodeAddress.trim() || r.url.trim() ? { ...r, token: keepToken(r.token) } : r));

/** Settings the form does not show: carried over from the spec it was filled from. */
const HIDDEN: Record<AddMode, readonly string[]> = {
  postgres: ['patroniUrls', 'patroniDcs', 'timeouts', 'aliases'],
  agent: ['lagThresholdBytes', 'lagThresholdMs', 'sandbox', 'aliases'],
  etcd: ['lagThresholdBytes', 'lagThresholdMs', 'timeouts', 'aliases'],
  mariadb: ['lagThresholdBytes', 'lagThresholdMs', 'timeouts', 'aliases'],
};

/** The Add form's own check, with tokens left empty sent as "kept" and the settings the form does not show carried over. */
export function checkEditForm(edit: EditValues, original: ClusterSpec): FormCheck {
  let check: FormCheck;
  if (edit.mode === 'postgres') {
    const poolers = edit.poolers.map((p) => (p.agentUrl.trim() ? { ...p, agentToken: keepToken(p.agentToken) } : p));
    check = checkPostgresForm({ ...edit.values, nodeAgents: keepRows(edit.values.nodeAgents) }, poolers);
  } else if (edit.mode === 'agent') check = checkAgentForm({ ...edit.values, token: keepToken(edit.values.token) });
  else if (edit.mode === 'etcd') check = checkEtcdForm(edit.values);
  else check = checkMariadbForm({ ...edit.values, nodeAgents: keepRows(edit.values.nodeAgents) });
  if (!check.ok) return check;
  const carried = Object.fromEntries(Object.entries(original).filter(([k]) => HIDDEN[edit.mode].includes(k)));
  return { ok: true, spec: { ...check.spec, ...carried } as ClusterSpec };
}
