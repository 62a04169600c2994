import type { ClusterSpec } from '../../../shared/model/cluster';
import { assertNever } from '../../../shared/result';
import { joinSeed, splitSeed, type SeedSecrets } from './seed-secrets';
import { joinUrlUserinfo, splitUrlUserinfo } from './url-secrets';

/** Secrets of one cluster, keyed by where they came from (`seed:0`, `agent:2`, `patroni:1`). */
export type SecretMap = Record<string, string>;

const KEPT = '(kept in the secret store)';
const SEED_FIELDS = { password: '', queryPassword: ':query-password', sslpassword: ':sslpassword', whole: ':whole' } as const;

/**
 * Splits every password, token and URL userinfo out of a spec, so the spec can
 * be saved in plain text: connection strings in every form (URI userinfo,
 * `?password=`/`?sslpassword=`, key/value `password`/`sslpassword`), Patroni and
 * etcd URLs with `user:password@`, agent tokens, etcd's and MariaDB's auth password, and MariaDB's replication password.
 */
export function splitSecrets(spec: ClusterSpec): { redacted: ClusterSpec; secrets: SecretMap } {
  const secrets: SecretMap = {};
  const urls = (list: readonly string[], prefix: string) =>
    list.map((u, i) => {
      const { stripped, userinfo } = splitUrlUserinfo(u);
      if (userinfo !== null) secrets[`${prefix}:${i}`] = userinfo;
      return stripped;
    });
  switch (spec.engine) {
    case 'postgres': {
      const seeds = spec.seeds.map((seed, i) => {
        const { stripped, secrets: s } = splitSeed(seed);
        for (const [field, suffix] of Object.entries(SEED_FIELDS)) {
          const v = s[field as keyof SeedSecrets];
          if (v !== undefined) secrets[`seed:${i}${suffix}`] = v;
        }
        return stripped;
      });
      const agents = spec.agents?.map((a, i) => {
        secrets[`pg-agent:${i}`] = a.token;
        return { ...a, token: KEPT };
      });
      const poolers = spec.poolers?.map((p, i) => {
        secrets[`pooler:${i}`] = p.password;
        if (p.agent) secrets[`pooler-agent:${i}`] = p.agent.token;
        return { ...p, password: '', ...(p.agent ? { agent: { ...p.agent, token: KEPT } } : {}) };
      });
      const patroniUrls = spec.patroniUrls && urls(spec.patroniUrls, 'patroni');
      const patroniDcs = spec.patroniDcs && { ...spec.patroniDcs, etcdUrls: urls(spec.patroniDcs.etcdUrls, 'dcs') };
      return { redacted: { ...spec, seeds, ...(agents ? { agents } : {}), ...(poolers ? { poolers } : {}), ...(patroniUrls ? { patroniUrls } : {}), ...(patroniDcs ? { patroniDcs } : {}) }, secrets };
    }
    case 'agent': {
      const agents = spec.agents.map((a, i) => {
        secrets[`agent:${i}`] = a.token;
        return { ...a, token: KEPT };
      });
      return { redacted: { ...spec, agents }, secrets };
    }
    case 'etcd': {
      const endpoints = urls(spec.endpoints, 'etcd');
      if (spec.auth) secrets['auth:password'] = spec.auth.password;
      return { redacted: { ...spec, endpoints, ...(spec.auth ? { auth: { ...spec.auth, password: '' } } : {}) }, secrets };
    }
    case 'mariadb': {
      secrets['auth:password'] = spec.auth.password;
      if (spec.replication) secrets['replication:password'] = spec.replication.password;
      const agents = spec.agents?.map((a, i) => {
        secrets[`mdb-agent:${i}`] = a.token;
        return { ...a, token: KEPT };
      });
      return { redacted: { ...spec, auth: { ...spec.auth, password: '' }, ...(spec.replication ? { replication: { ...spec.replication, password: '' } } : {}), ...(agents ? { agents } : {}) }, secrets };
    }
    default:
      return assertNever(spec, 'engine');
  }
}

/** Puts the secrets back into a redacted spec. */
export function joinSecrets(spec: ClusterSpec, secrets: SecretMap): ClusterSpec {
  const urls = (list: readonly string[], prefix: string) => list.map((u, i) => joinUrlUserinfo(u, secrets[`${prefix}:${i}`]));
  switch (spec.engine) {
    case 'postgres': {
      const seeds = spec.seeds.map((s, i) => {
        const parts: SeedSecrets = {};
        for (const [field, suffix] of Object.entries(SEED_FIELDS)) {
          const v = secrets[`seed:${i}${suffix}`];
          if (v !== undefined) parts[field as keyof SeedSecrets] = v;
        }
        return joinSeed(s, parts);
      });
      const agents = spec.agents?.map((a, i) => ({ ...a, token: secrets[`pg-agent:${i}`] ?? a.token }));
      const poolers = spec.poolers?.map((p, i) => ({
        ...p,
        password: secrets[`pooler:${i}`] ?? p.password,
        ...(p.agent ? { agent: { ...p.agent, token: secrets[`pooler-agent:${i}`] ?? p.agent.token } } : {}),
      }));
      const patroniUrls = spec.patroniUrls && urls(spec.patroniUrls, 'patroni');
      const patroniDcs = spec.patroniDcs && { ...spec.patroniDcs, etcdUrls: urls(spec.patroniDcs.etcdUrls, 'dcs') };
      return { ...spec, seeds, ...(agents ? { agents } : {}), ...(poolers ? { poolers } : {}), ...(patroniUrls ? { patroniUrls } : {}), ...(patroniDcs ? { patroniDcs } : {}) };
    }
    case 'agent':
      return { ...spec, agents: spec.agents.map((a, i) => ({ ...a, token: secrets[`agent:${i}`] ?? a.token })) };
    case 'etcd': {
      const endpoints = urls(spec.endpoints, 'etcd');
      return { ...spec, endpoints, ...(spec.auth ? { auth: { ...spec.auth, password: secrets['auth:password'] ?? spec.auth.password } } : {}) };
    }
    case 'mariadb': {
      const replication = spec.replication && { ...spec.replication, password: secrets['replication:password'] ?? spec.replication.password };
      const agents = spec.agents?.map((a, i) => ({ ...a, token: secrets[`mdb-agent:${i}`] ?? a.token }));
      return { ...spec, auth: { ...spec.auth, password: secrets['auth:password'] ?? spec.auth.password }, ...(replication ? { replication } : {}), ...(agents ? { agents } : {}) };
    }
    default:
      return assertNever(spec, 'engine');
  }
}

/** One seed without its secrets (kept for callers of the old single-password API). */
export function stripPassword(seed: string): { stripped: string; password: string | null } {
  const { stripped, secrets } = splitSeed(seed);
  return { stripped, password: secrets.password ?? null };
}

export function withPassword(seed: string, password: string | null): string {
  return password === null ? seed : joinSeed(seed, { password });
}
