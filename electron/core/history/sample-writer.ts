import type Database from 'better-sqlite3';
import type { ClusterSample } from '../../../shared/model/sample';
import type { Alarm } from '../../../shared/model/event';
import type { IdMap } from './ids';
import { nameIn, promotions, topologyOf, writerOf, type StoredTopology } from './topology-state';

/** A full topology is written at least this often, so a trimmed table always has one within reach. */
export const KEYFRAME_EVERY_MS = 10 * 60_000;
/**
 * A watched span continues while samples are at most a few sample intervals apart
 * (at least this much, so jitter is not a gap); a longer silence (the app stopped or was
 * killed) ends it at the last sample that was flushed.
 */
export const WATCH_GAP_MIN_MS = 5_000;
/** How many usual sample intervals without a sample make a gap. */
export const WATCH_GAP_INTERVALS = 3;
/** Ceiling of the usual interval (a slow sampler still gets gaps of a minute or more shown). */
const INTERVAL_CAP_MS = 20_000;

interface ClusterMemory {
  topology: StoredTopology | null;
  /** The last node known to hold the writer role (kept while it is down, so its return is a restart). */
  writer: string | null;
  body: string;
  writtenAt: number;
  /** Open alarms by key → row id. */
  alarms: Map<string, number>;
  span: { start: number; last: number } | null;
  /** The usual time between samples (smoothed), null until two samples were seen in this run. */
  interval: number | null;
  seenThisRun: boolean;
}

/** Stores what a sample says beyond lag: topology changes (and keyframes), failovers, alarm raise/clear, watched spans. */
export class SampleWriter {
  private readonly memory = new Map<number, ClusterMemory>();
  private readonly q;

  constructor(
    db: Database.Database,
    private readonly ids: IdMap,
  ) {
    this.q = {
      recentTopologies: db.prepare<[number], { body: string }>('SELECT body FROM topology WHERE cluster = ? ORDER BY at DESC LIMIT 200'),
      lastTopology: db.prepare<[number], { at: number; body: string }>('SELECT at, body FROM topology WHERE cluster = ? ORDER BY at DESC LIMIT 1'),
      topology: db.prepare<[number, number, number, string]>('INSERT OR REPLACE INTO topology (cluster, at, keyframe, body) VALUES (?, ?, ?, ?)'),
      restart: db.prepare<[number, number, number, string]>(
        "INSERT INTO events (cluster, at, kind, severity, node, message, alarm_key) VALUES (?, ?, 'restarted', 'info', ?, ?, NULL)",
      ),
      failover: db.prepare<[number, number, number | null, number]>('INSERT OR IGNORE INTO failovers (cluster, at, from_node, to_node) VALUES (?, ?, ?, ?)'),
      openAlarms: db.prepare<[number], { id: number; key: string }>('SELECT id, key FROM alarms WHERE cluster = ? AND cleared_at IS NULL'),
      raise: db.prepare<[number, string, number, string, string]>('INSERT INTO alarms (cluster, key, raised_at, severity, body) VALUES (?, ?, ?, ?, ?)'),
      clear: db.prepare<[number, number]>('UPDATE alarms SET cleared_at = ? WHERE id = ?'),
      lastSpan: db.prepare<[number], { start: number; last: number }>('SELECT start, last FROM watched WHERE cluster = ? ORDER BY start DESC LIMIT 1'),
      span: db.prepare<[number, number, number]>('INSERT OR REPLACE INTO watched (cluster, start, last) VALUES (?, ?, ?)'),
    };
  }

  write(clusterKey: string, sample: ClusterSample): void {
    const cluster = this.ids.cluster(clusterKey);
    const mem = this.remember(cluster);
    const at = sample.takenAt;
    this.watch(cluster, mem, at, mem.seenThisRun);
    mem.seenThisRun = true;
    const topology = topologyOf(sample);
    const body = JSON.stringify(topology);
    if (body !== mem.body || at - mem.writtenAt >= KEYFRAME_EVERY_MS) {
      if (at >= mem.writtenAt) {
        this.q.topology.run(cluster, at, body === mem.body ? 1 : 0, body);
        for (const p of promotions(mem.topology, topology, mem.writer)) {
          const to = this.ids.node(cluster, p.to);
          if (p.restart) this.q.restart.run(cluster, at, to, `${nameIn(topology, p.to)} returned as primary (restarted, same node: not a failover)`);
          else this.q.failover.run(cluster, at, p.from === null ? null : this.ids.node(cluster, p.from), to);
        }
        mem.writer = writerOf(topology) ?? mem.writer;
        mem.topology = topology;
        mem.body = body;
        mem.writtenAt = at;
      }
    }
    this.alarms(cluster, mem, sample.alarms ?? [], at);
  }

  private alarms(cluster: number, mem: ClusterMemory, open: Alarm[], at: number): void {
    const now = new Set<string>();
    for (const a of open) {
      now.add(a.key);
      if (mem.alarms.has(a.key)) continue;
      const id = Number(this.q.raise.run(cluster, a.key, a.raisedAt, a.severity, JSON.stringify(a)).lastInsertRowid);
      mem.alarms.set(a.key, id);
    }
    for (const [key, id] of mem.alarms) {
      if (now.has(key)) continue;
      this.q.clear.run(at, id);
      mem.alarms.delete(key);
    }
  }

  private watch(cluster: number, mem: ClusterMemory, at: number, continuing: boolean): void {
    const step = mem.span ? at - mem.span.last : Infinity;
    const allowed = Math.max(WATCH_GAP_MIN_MS, WATCH_GAP_INTERVALS * (mem.interval ?? 1_000));
    if (continuing && step > 0 && step <= INTERVAL_CAP_MS) mem.interval = mem.interval === null ? step : 0.8 * mem.interval + 0.2 * step;
    if (mem.span && at >= mem.span.last && step <= allowed) mem.span.last = at;
    else if (!mem.span || at > mem.span.last) mem.span = { start: at, last: at };
    else return;
    this.q.span.run(cluster, mem.span.start, mem.span.last);
  }

  /** The writer in the newest stored topology that had one (the role may be unknown while it is stopped). */
  private lastWriter(cluster: number): string | null {
    for (const r of this.q.recentTopologies.iterate(cluster)) {
      const w = writerOf(JSON.parse(r.body) as StoredTopology);
      if (w !== null) return w;
    }
    return null;
  }

  private remember(cluster: number): ClusterMemory {
    let mem = this.memory.get(cluster);
    if (mem) return mem;
    const last = this.q.lastTopology.get(cluster);
    const alarms = new Map(this.q.openAlarms.all(cluster).map((r) => [r.key, r.id]));
    const topology = last ? (JSON.parse(last.body) as StoredTopology) : null;
    mem = {
      topology,
      writer: writerOf(topology) ?? this.lastWriter(cluster),
      body: last?.body ?? '',
      writtenAt: last?.at ?? -Infinity,
      alarms,
      span: this.q.lastSpan.get(cluster) ?? null,
      interval: null,
      seenThisRun: false,
    };
    this.memory.set(cluster, mem);
    return mem;
  }
}
