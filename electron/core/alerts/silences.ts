import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { z } from 'zod';
import { SilenceSchema, type Alert, type Silence } from '../../../shared/ipc/alerts';
import { fail, ok, type Result } from '../../../shared/result';
import type { AuditLog } from '../actions/audit-log';
import { writeFileAtomic } from '../settings/secret-store';

export interface SilenceDeps {
  file: string;
  audit: AuditLog;
  actor: string;
  now(): number;
}

const KEEP_ENDED_MS = 90 * 24 * 3_600_000;

/**
 * Silences and maintenance windows, per cluster or node, for a duration, with
 * a reason. They hold back notifications of matching alerts (the alerts are
 * still tracked and shown); creating and expiring one is audited.
 */
export class Silences {
  private list: Silence[] = [];

  constructor(private readonly d: SilenceDeps) {}

  async load(): Promise<void> {
    try {
      const parsed = z.array(SilenceSchema).safeParse(JSON.parse(await fs.readFile(this.d.file, 'utf8')));
      if (parsed.success) this.list = parsed.data;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }

  async create(req: { clusterId: string; nodeId: string | null; durationMs: number; reason: string }): Promise<Silence> {
    const at = this.d.now();
    const s: Silence = { id: randomUUID(), clusterId: req.clusterId, nodeId: req.nodeId, startsAt: at, endsAt: at + req.durationMs, reason: req.reason, createdBy: this.d.actor, expiredAt: null };
    await this.d.audit.append({ at, actor: this.d.actor, clusterId: s.clusterId, action: 'silence', params: { silenceId: s.id, nodeId: s.nodeId, durationMs: req.durationMs, endsAt: s.endsAt, reason: s.reason }, outcome: 'created' });
    this.list.push(s);
    await this.save();
    return s;
  }

  async expire(id: string): Promise<Result<Silence>> {
    const s = this.list.find((x) => x.id === id);
    if (!s) return fail('unknown-silence', `no silence ${id}`);
    const at = this.d.now();
    if (!this.isActive(s, at)) return fail('not-active', `silence ${id} already ended at ${new Date(s.expiredAt ?? s.endsAt).toISOString()}`);
    s.expiredAt = at;
    await this.d.audit.append({ at, actor: this.d.actor, clusterId: s.clusterId, action: 'silence-expire', params: { silenceId: s.id, nodeId: s.nodeId, reason: s.reason }, outcome: 'expired' });
    await this.save();
    return ok(s);
  }

  all(clusterId?: string): Silence[] {
    const cutoff = this.d.now() - KEEP_ENDED_MS;
    return this.list.filter((s) => (!clusterId || s.clusterId === clusterId) && (s.expiredAt ?? s.endsAt) > cutoff);
  }

  isActive(s: Silence, at = this.d.now()): boolean {
    return s.expiredAt === null && s.startsAt <= at && at < s.endsAt;
  }

  /** The active silence covering an alert: its cluster, or its node. */
  matching(a: Pick<Alert, 'clusterId' | 'nodeId'>, at = this.d.now()): Silence | null {
    return this.list.find((s) => this.isActive(s, at) && s.clusterId === a.clusterId && (s.nodeId === null || s.nodeId === a.nodeId)) ?? null;
  }

  private async save(): Promise<void> {
    await writeFileAtomic(this.d.file, JSON.stringify(this.all(), null, 1), 0o600);
  }
}
