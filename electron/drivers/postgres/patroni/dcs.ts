import { z } from 'zod';
import { fail, ok, type Result } from '../../../../shared/result';
import { baseUrl, request } from './rest';

/** Who holds Patroni's leader key in etcd, and how long its lease has left. */
export interface LeaderKey {
  key: string;
  /** The member name stored in the key, or null when no one holds it. */
  holder: string | null;
  /** Lease seconds left, and granted (Patroni's ttl); null when the key has no lease. */
  ttlSeconds: number | null;
  grantedTtlSeconds: number | null;
  /** The etcd endpoint that answered. */
  endpoint: string;
}

const RangeSchema = z.object({ kvs: z.array(z.object({ value: z.string().optional(), lease: z.string().optional() })).optional() });
// etcd's gateway encodes int64 as strings.
const LeaseSchema = z.object({ TTL: z.union([z.string(), z.number()]).optional(), grantedTTL: z.union([z.string(), z.number()]).optional() });

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const unb64 = (s: string) => Buffer.from(s, 'base64').toString('utf8');

/** Patroni's leader key: `<namespace>/<scope>/leader`. */
export function leaderKeyPath(namespace: string, scope: string): string {
  return `${namespace.replace(/\/+$/, '')}/${scope}/leader`;
}

/** Reads the leader key and its lease through etcd's v3 JSON gateway (`/v3/kv/range`, `/v3/lease/timetolive`). */
export async function readLeaderKey(
  endpoints: readonly string[],
  namespace: string,
  scope: string,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<Result<LeaderKey>> {
  const key = leaderKeyPath(namespace, scope);
  const failures: string[] = [];
  for (const ep of endpoints.map(baseUrl)) {
    const range = await request('POST', `${ep}/v3/kv/range`, { body: { key: b64(key) }, timeoutMs, signal });
    if (!range.ok || range.value.status !== 200) {
      failures.push(range.ok ? `${ep}: HTTP ${range.value.status}` : range.reason);
      continue;
    }
    const parsed = RangeSchema.safeParse(safeJson(range.value.text));
    if (!parsed.success) return fail('not-etcd', `${ep}/v3/kv/range did not answer like etcd v3`);
    const kv = parsed.data.kvs?.[0];
    if (!kv) return ok({ key, holder: null, ttlSeconds: null, grantedTtlSeconds: null, endpoint: ep });
    const holder = kv.value ? unb64(kv.value) : null;
    if (!kv.lease || kv.lease === '0') return ok({ key, holder, ttlSeconds: null, grantedTtlSeconds: null, endpoint: ep });
    const lease = await request('POST', `${ep}/v3/lease/timetolive`, { body: { ID: kv.lease }, timeoutMs, signal });
    const l = lease.ok ? LeaseSchema.safeParse(safeJson(lease.value.text)) : null;
    const num = (v: string | number | undefined) => (v === undefined ? null : Number(v));
    return ok({ key, holder, ttlSeconds: l?.success ? num(l.data.TTL) : null, grantedTtlSeconds: l?.success ? num(l.data.grantedTTL) : null, endpoint: ep });
  }
  return fail('unreachable', `no etcd endpoint answered: ${failures.join('; ')}`);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
