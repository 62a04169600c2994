import type { EnginePreview } from '../../../../shared/ipc/conflicts';
import type { ConflictEvent } from '../../../../shared/model/conflict';
import { fail, ok, type Result } from '../../../../shared/result';
import type { KeyReading } from '../../../core/driver';
import type { Logger } from '../../../core/logger';
import type { Crawl } from '../discovery';
import { formatGtid } from '../gtid';
import type { ServerAddress } from '../server-address';
import type { ServerConnection } from '../server-connection';
import { currentReading } from '../view';
import { inspectStop } from './inspect';
import { toEvent, type MdbConflict } from './mariadb-conflict';
import { readRow } from './row-key';
import { planResolution } from './resolve-plan';
import { runResolution, type RunOptions } from './resolve-run';
import { channelText, conflictStops, stopKey } from './stopped-channel';

export interface MdbConflictDeps {
  clusterId: string;
  log: Logger;
  now(): number;
  /** The kept (sampling) connection to a server. */
  connection(a: ServerAddress): ServerConnection;
  /** A new connection of its own (the caller closes it): resolutions change session variables. */
  session(a: ServerAddress): ServerConnection;
  /** An incomplete explanation is read again after this long (default 5 s). */
  reinspectMs?: number;
  run?: RunOptions;
}

interface Tracked {
  conflict: MdbConflict;
  status: ConflictEvent['status'];
  resolution: ConflictEvent['resolution'];
  inspectedAt: number;
  pushed: string;
}

/**
 * Master-master conflicts: a replica's SQL thread stopped on a duplicate key
 * (1062) or a missing row (1032). Found from the sample's own SHOW ALL SLAVES
 * STATUS (no query while every SQL thread runs), explained once per stop
 * (inspect.ts), resolved with SQL on the stopped server (resolve-plan.ts).
 */
export class MariadbConflicts {
  private readonly listeners = new Set<(c: ConflictEvent) => void>();
  private readonly byId = new Map<string, Tracked>();
  private readonly byStop = new Map<string, string>();
  private servers: { id: string; address: ServerAddress }[] = [];

  constructor(private readonly d: MdbConflictDeps) {}

  onConflict(listener: (c: ConflictEvent) => void): () => void {
    this.listeners.add(listener);
    for (const t of this.byId.values()) listener(this.event(t));
    return () => this.listeners.delete(listener);
  }

  /** One pass over a sample's readings. Queries only for a stop not yet (fully) explained. */
  async observe(crawl: Crawl, signal: AbortSignal): Promise<void> {
    const now = this.d.now();
    this.servers = crawl.views.map((v) => ({ id: v.address.id, address: v.address }));
    const idOf = (a: ServerAddress) => crawl.aliases.get(a.id) ?? a.id;
    for (const v of crawl.views) {
      const r = currentReading(v);
      if (!r) continue;
      const stops = new Map(conflictStops(r).map((c) => [stopKey(v.address.id, c), c]));
      // An open conflict of this server whose stop is gone: its SQL thread got past it (or stopped elsewhere).
      for (const t of this.byId.values()) {
        if (t.status !== 'open' || t.conflict.replicaId !== v.address.id || stops.has(t.conflict.stop)) continue;
        const ch = r.channels.find((c) => c.name === t.conflict.channel);
        const gtid = t.conflict.group ? formatGtid(t.conflict.group.gtid) : 'the failing transaction';
        this.settle(t, ch ? `${channelText(ch.name)} is past ${gtid} (SQL thread ${ch.sqlRunning === 'Yes' ? 'running' : ch.sqlRunning})` : `${channelText(t.conflict.channel)} is gone`);
      }
      for (const [stop, c] of stops) {
        const id = this.byStop.get(stop);
        const known = id ? this.byId.get(id) : undefined;
        // Looked at again when the error changed (the same transaction failing on another row, e.g. after a take-remote).
        const same = known && known.conflict.errno === c.lastSqlErrno && known.conflict.error === c.lastSqlError;
        if (known && same && (known.conflict.complete || now - known.inspectedAt < (this.d.reinspectMs ?? 5_000))) continue;
        const originId = idOf(c.source);
        const origin = crawl.views.find((x) => x.address.id === originId)?.address ?? c.source;
        const site = { replicaId: v.address.id, replica: v.address, reading: r, channel: c, originId, origin, detectedAt: known?.conflict.detectedAt ?? now };
        const seen = await inspectStop(site, (a) => this.d.connection(a), signal);
        // The id first given to a stop stays (its GTID may be learnt on a later look).
        const conflict = known ? { ...seen, id: known.conflict.id } : seen;
        const t: Tracked = { conflict, status: 'open', resolution: null, inspectedAt: now, pushed: known?.pushed ?? '' };
        this.byId.set(conflict.id, t);
        this.byStop.set(stop, conflict.id);
        this.push(t);
      }
    }
  }

  async previewResolution(conflictId: string, value: unknown): Promise<Result<EnginePreview>> {
    const t = this.byId.get(conflictId);
    if (!t) return fail('unknown-conflict', `the MariaDB driver has no conflict ${conflictId}`);
    const plan = planResolution(t.conflict, value);
    if (!plan.ok) return plan;
    const { statements, skipped, note } = plan.value;
    return ok({ statements, skipped, note });
  }

  async resolveConflict(conflictId: string, value: unknown, how: string): Promise<Result<{ nodeId: string; detail: string }>> {
    const t = this.byId.get(conflictId);
    if (!t) return fail('unknown-conflict', `the MariaDB driver has no conflict ${conflictId}`);
    if (t.status === 'resolved') return fail('conflict-resolved', `conflict ${conflictId} is already resolved`);
    const plan = planResolution(t.conflict, value);
    if (!plan.ok) return plan;
    const conn = this.d.session(t.conflict.replica);
    try {
      const ran = await runResolution(conn, plan.value, new AbortController().signal, this.d.run);
      if (!ran.ok) return ran;
      t.resolution = { at: this.d.now(), by: 'replicadesk', how: `${how}: ${plan.value.mode}`, value };
      this.d.log.info('mariadb conflict resolved', { conflictId, mode: plan.value.mode });
      return ok({ nodeId: plan.value.nodeId, detail: ran.value });
    } finally {
      conn.close();
    }
  }

  /** Reads the conflict's row by key on every server of the cluster (values bound). */
  async readKeyOnNodes(_key: string, target?: { conflictId: string; table: string }): Promise<KeyReading[]> {
    const c = target ? this.byId.get(target.conflictId)?.conflict : undefined;
    if (!c?.table || !c.key) return [{ nodeId: c?.replicaId ?? 'mariadb', result: fail('details-unknown', 'the table and key of this conflict are not known') }];
    const signal = AbortSignal.timeout(10_000);
    return Promise.all(
      this.servers.map(async (s): Promise<KeyReading> => {
        const r = await readRow(this.d.connection(s.address), c.table!, c.key!, signal);
        if (!r.ok) return { nodeId: s.id, result: r };
        const open = [...this.byId.values()].find((t) => t.status === 'open' && t.conflict.replicaId === s.id && t.conflict.id !== c.id && t.conflict.table?.name === c.table!.name);
        return { nodeId: s.id, result: ok({ value: r.value, versions: r.value === null ? 0 : 1, conflictId: open?.conflict.id ?? null }) };
      }),
    );
  }

  private settle(t: Tracked, how: string): void {
    t.status = 'resolved';
    t.resolution = t.resolution ?? { at: this.d.now(), by: 'engine', how, value: null };
    this.push(t);
  }

  private event(t: Tracked): ConflictEvent {
    return toEvent(t.conflict, this.d.clusterId, t.status, t.status === 'resolved' ? t.resolution : null);
  }

  private push(t: Tracked): void {
    const e = this.event(t);
    const text = JSON.stringify(e);
    if (text === t.pushed) return;
    t.pushed = text;
    for (const l of this.listeners) l(e);
  }
}
