import type { ClusterSpec } from '../../../shared/model/cluster';
import { parseConnectionString } from '../../../shared/postgres/conn-string';
import { KEPT_WHOLE } from './seed-secrets';
import { joinSecrets, splitSecrets, type SecretMap } from './secret-split';

/** What the edit form shows (and may send back) in place of a stored secret. */
export const KEPT_MARKER = KEPT_WHOLE;

const left = (v: string | undefined) => v === undefined || v === '' || v === KEPT_MARKER;

/**
 * The spec an edit asks for, with each secret field left empty (or sent back as the
 * "kept" marker) filled from the stored spec, but only where the entry is the same
 * one: same index and same non-secret identity (host/port/user, URL, node address).
 * An entry that changed or moved gets no stored secret: it is sent empty, so the
 * connection test says the login failed instead of logging in with another entry's secret.
 */
export function mergeSecrets(stored: ClusterSpec, edited: ClusterSpec): ClusterSpec {
  const before = splitSecrets(stored);
  const after = splitSecrets(edited);
  const merged: SecretMap = {};
  for (const [key, value] of Object.entries(after.secrets)) if (!left(value)) merged[key] = value;
  for (const [key, value] of Object.entries(before.secrets)) {
    if (key in merged || stored.engine !== edited.engine) continue;
    const was = identityOf(before.redacted, key);
    if (was !== null && was === identityOf(after.redacted, key)) merged[key] = value;
  }
  return blankMarkers(joinSecrets(after.redacted, merged));
}

/** The non-secret identity of the entry a secret key belongs to (`seed:1`, `pooler-agent:0`, `auth:password`), or null. */
export function identityOf(spec: ClusterSpec, key: string): string | null {
  const [kind = '', index = '', sub] = key.split(':');
  const i = /^\d+$/.test(index) ? Number(index) : -1;
  const at = <T>(list: readonly T[] | undefined, f: (x: T) => string) => (list && i >= 0 && i < list.length ? f(list[i] as T) : null);
  switch (spec.engine) {
    case 'postgres':
      if (kind === 'seed') {
        // A string kept whole has no readable identity: kept only while no seed changed.
        if (sub === 'whole') return at(spec.seeds, (s) => (s === KEPT_WHOLE ? `whole:${spec.seeds.join('\n')}` : `whole?${s}`));
        return at(spec.seeds, seedIdentity);
      }
      if (kind === 'pg-agent') return at(spec.agents, (a) => `${a.nodeAddress.toLowerCase()} ${a.url}`);
      if (kind === 'pooler') return at(spec.poolers, (p) => `${p.host.toLowerCase()}:${p.port} ${p.user}`);
      if (kind === 'pooler-agent') return at(spec.poolers, (p) => `${p.host.toLowerCase()}:${p.port} ${p.agent?.url ?? ''}`);
      if (kind === 'patroni') return at(spec.patroniUrls, (u) => u);
      if (kind === 'dcs') return at(spec.patroniDcs?.etcdUrls, (u) => u);
      return null;
    case 'agent':
      return kind === 'agent' ? at(spec.agents, (a) => a.url) : null;
    case 'etcd':
      if (kind === 'etcd') return at(spec.endpoints, (u) => u);
      return key === 'auth:password' && spec.auth ? `user ${spec.auth.username}` : null;
    case 'mariadb':
      if (key === 'auth:password') return `user ${spec.auth.user}`;
      if (key === 'replication:password') return spec.replication ? `user ${spec.replication.user}` : null;
      return kind === 'mdb-agent' ? at(spec.agents, (a) => `${a.nodeAddress.toLowerCase()} ${a.url}`) : null;
    default:
      return null;
  }
}

/**
 * host:port and user of a redacted PostgreSQL connection string (URI or key/value), read by the driver's own parser
 * with its defaults; the whole string when it cannot be read.
 */
export function seedIdentity(seed: string): string {
  const t = parseConnectionString(seed);
  return t.ok ? `${t.value.host.toLowerCase()}:${t.value.port} ${t.value.user}` : seed.trim();
}

/** Tokens still holding the marker had no secret to keep: sent empty, never as the marker text. */
function blankMarkers(spec: ClusterSpec): ClusterSpec {
  const t = <A extends { token: string }>(a: A): A => (a.token === KEPT_MARKER ? { ...a, token: '' } : a);
  switch (spec.engine) {
    case 'postgres':
      return {
        ...spec,
        ...(spec.agents ? { agents: spec.agents.map(t) } : {}),
        ...(spec.poolers ? { poolers: spec.poolers.map((p) => (p.agent ? { ...p, agent: t(p.agent) } : p)) } : {}),
      };
    case 'agent':
      return { ...spec, agents: spec.agents.map(t) };
    case 'mariadb':
      return spec.agents ? { ...spec, agents: spec.agents.map(t) } : spec;
    default:
      return spec;
  }
}
