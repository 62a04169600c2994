import type { ClusterSpec } from '../../../shared/model/cluster';
import { assertNever } from '../../../shared/result';

/** Secrets of one cluster, keyed by where they came from (`seed:0`, `agent:2`). */
export type SecretMap = Record<string, string>;

/** Splits the passwords and tokens out of a spec, so the spec can be saved in plain text. */
export function splitSecrets(spec: ClusterSpec): { redacted: ClusterSpec; secrets: SecretMap } {
  const secrets: SecretMap = {};
  switch (spec.engine) {
    case 'postgres': {
      const seeds = spec.seeds.map((seed, i) => {
        const { stripped, password } = stripPassword(seed);
        if (password !== null) secrets[`seed:${i}`] = password;
        return stripped;
      });
      const agents = spec.agents?.map((a, i) => {
        secrets[`pg-agent:${i}`] = a.token;
        return { ...a, token: '(kept in the secret store)' };
      });
      return { redacted: { ...spec, seeds, ...(agents ? { agents } : {}) }, secrets };
    }
    case 'agent': {
      const agents = spec.agents.map((a, i) => {
        secrets[`agent:${i}`] = a.token;
        return { ...a, token: '(kept in the secret store)' };
      });
      return { redacted: { ...spec, agents }, secrets };
    }
    case 'etcd': {
      if (!spec.auth) return { redacted: spec, secrets };
      secrets['auth:password'] = spec.auth.password;
      return { redacted: { ...spec, auth: { ...spec.auth, password: '' } }, secrets };
    }
    default:
      return assertNever(spec, 'engine');
  }
}

/** Puts the secrets back into a redacted spec. */
export function joinSecrets(spec: ClusterSpec, secrets: SecretMap): ClusterSpec {
  switch (spec.engine) {
    case 'postgres': {
      const agents = spec.agents?.map((a, i) => ({ ...a, token: secrets[`pg-agent:${i}`] ?? a.token }));
      return { ...spec, seeds: spec.seeds.map((s, i) => withPassword(s, secrets[`seed:${i}`] ?? null)), ...(agents ? { agents } : {}) };
    }
    case 'agent':
      return { ...spec, agents: spec.agents.map((a, i) => ({ ...a, token: secrets[`agent:${i}`] ?? a.token })) };
    case 'etcd':
      return spec.auth ? { ...spec, auth: { ...spec.auth, password: secrets['auth:password'] ?? spec.auth.password } } : spec;
    default:
      return assertNever(spec, 'engine');
  }
}

const URI = /^(postgres(?:ql)?:\/\/)([^@/]*@)?(.*)$/i;
const KV_PASSWORD = /(^|\s)password\s*=\s*('(?:[^'\\]|\\.)*'|\S*)/i;

export function stripPassword(seed: string): { stripped: string; password: string | null } {
  const uri = URI.exec(seed);
  if (uri) {
    const userinfo = uri[2]?.slice(0, -1) ?? '';
    const colon = userinfo.indexOf(':');
    if (colon < 0) return { stripped: seed, password: null };
    return {
      stripped: `${uri[1]}${userinfo.slice(0, colon)}@${uri[3]}`,
      password: decodeURIComponent(userinfo.slice(colon + 1)),
    };
  }
  const kv = KV_PASSWORD.exec(seed);
  if (!kv) return { stripped: seed, password: null };
  let raw = kv[2] ?? '';
  if (raw.startsWith("'")) raw = raw.slice(1, -1).replace(/\\(.)/g, '$1');
  return { stripped: seed.replace(KV_PASSWORD, '').replace(/\s+/g, ' ').trim(), password: raw };
}

export function withPassword(seed: string, password: string | null): string {
  if (password === null) return seed;
  const uri = URI.exec(seed);
  if (uri) {
    const user = uri[2]?.slice(0, -1) ?? '';
    return `${uri[1]}${user}:${encodeURIComponent(password)}@${uri[3]}`;
  }
  return `${seed} password='${password.replace(/(['\\])/g, '\\$1')}'`;
}
