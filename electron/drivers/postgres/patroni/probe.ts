import { fail, ok, type Result } from '../../../../shared/result';
import { baseUrl, getJson } from './rest';
import { PatroniClusterSchema, PatroniConfigSchema, PatroniNodeStatusSchema, type PatroniCluster, type PatroniConfig } from './schemas';

/** Patroni's conventional REST port, tried on each node's host when the spec names no URLs. */
export const PATRONI_DEFAULT_PORT = 8008;
/** When nothing answered as Patroni, probe again after this long (not on every sample). */
export const NOT_PATRONI_RETRY_MS = 30_000;

/** One reading of Patroni's view of the cluster. */
export interface PatroniView {
  /** The REST base URL that answered. */
  url: string;
  scope: string;
  version: string;
  cluster: PatroniCluster;
  config: PatroniConfig | null;
  readAt: number;
}

/** Where Patroni's REST API may be: the configured URLs, else port 8008 on each node's host. */
export function candidateUrls(configured: readonly string[] | undefined, nodeIds: readonly string[]): string[] {
  if (configured && configured.length > 0) return configured.map(baseUrl);
  const hosts = nodeIds.flatMap((id) => {
    const m = /^(\[[^\]]+\]|[^:/][^:]*):\d+$/.exec(id);
    return m?.[1] ? [m[1]] : [];
  });
  return [...new Set(hosts)].map((h) => `http://${h}:${PATRONI_DEFAULT_PORT}`);
}

/** The REST base URL of a member, from its `api_url` (`http://h:8008/patroni`). */
export function memberBaseUrl(apiUrl: string | undefined): string | null {
  if (!apiUrl) return null;
  try {
    return new URL(apiUrl).origin;
  } catch {
    return null;
  }
}

/**
 * Finds and reads Patroni. Once a cluster has been seen Patroni-managed it stays
 * so (`managed`), even while the REST API does not answer: we never fall back to
 * acting around the HA manager.
 */
export class PatroniProbe {
  private last: PatroniView | null = null;
  private lastError: string | null = null;
  private notPatroniUntil = 0;

  constructor(private readonly deps: { configured: readonly string[] | undefined; nodeIds(): string[]; now(): number; timeoutMs: number }) {}

  get managed(): boolean {
    return this.last !== null;
  }
  get view(): PatroniView | null {
    return this.last;
  }
  /** Why the last read failed while managed, else null. */
  get error(): string | null {
    return this.lastError;
  }

  /** Reads Patroni now (`force` ignores the not-Patroni back-off). Null when no candidate answers as Patroni. */
  async read(signal: AbortSignal, force = false): Promise<Result<PatroniView>> {
    if (!this.last && !force && this.deps.now() < this.notPatroniUntil) return fail('not-patroni', 'no Patroni REST API answered');
    const failures: string[] = [];
    const keep = (v: PatroniView): Result<PatroniView> => {
      this.last = v;
      this.lastError = null;
      return ok(v);
    };
    // The URL that answered last time first; then every other candidate at once (a dead host costs one timeout, not one each).
    const [first, ...rest] = this.urls();
    if (first && this.last?.url === first) {
      const r = await readOne(first, this.deps.timeoutMs, signal, this.deps.now);
      if (r.ok) return keep(r.value);
      failures.push(r.reason);
    } else if (first) rest.unshift(first);
    const all = await Promise.all(rest.map((u) => readOne(u, this.deps.timeoutMs, signal, this.deps.now)));
    for (const r of all) {
      if (r.ok) return keep(r.value);
      failures.push(r.reason);
    }
    const reason = `no Patroni REST API answered: ${failures.join('; ') || 'no URL to try'}`;
    if (this.last) this.lastError = reason;
    else this.notPatroniUntil = this.deps.now() + NOT_PATRONI_RETRY_MS;
    return fail(this.last ? 'patroni-unreachable' : 'not-patroni', reason);
  }

  /** The last good URL first, then the configured or conventional ones, then every member's API. */
  private urls(): string[] {
    const members = this.last?.cluster.members.map((m) => memberBaseUrl(m.api_url)) ?? [];
    const all = [this.last?.url, ...candidateUrls(this.deps.configured, this.deps.nodeIds()), ...members];
    return [...new Set(all.filter((u): u is string => Boolean(u)))];
  }
}

async function readOne(url: string, timeoutMs: number, signal: AbortSignal, now: () => number): Promise<Result<PatroniView>> {
  const [status, cluster, config] = await Promise.all([
    getJson(`${url}/patroni`, timeoutMs, signal),
    getJson(`${url}/cluster`, timeoutMs, signal),
    getJson(`${url}/config`, timeoutMs, signal),
  ]);
  if (!status.ok) return status;
  const s = PatroniNodeStatusSchema.safeParse(status.value);
  if (!s.success) return fail('not-patroni', `${url}/patroni is not Patroni's REST API`);
  if (!cluster.ok) return cluster;
  const c = PatroniClusterSchema.safeParse(cluster.value);
  if (!c.success) return fail('not-patroni', `${url}/cluster did not answer with Patroni's member list`);
  const cfg = config.ok ? PatroniConfigSchema.safeParse(config.value) : null;
  return ok({
    url,
    scope: s.data.patroni.scope,
    version: s.data.patroni.version,
    cluster: c.data,
    config: cfg?.success ? cfg.data : null,
    readAt: now(),
  });
}
