import type { PoolerSpec } from '../../../../shared/model/pooler';
import { PoolerAdmin } from './admin';

/**
 * What one switchover holds between its steps: per pooler, the admin
 * connection that sent PAUSE (RESUME goes on the same one, issue #715) and
 * when it was paused. Kept by plan id; released once every pooler is resumed.
 */
export class PoolerRun {
  readonly admins = new Map<string, PoolerAdmin>();
  readonly pausedAt = new Map<string, number>();

  admin(spec: PoolerSpec, id: string, connectTimeoutMs: number): PoolerAdmin {
    let a = this.admins.get(id);
    if (!a) {
      a = new PoolerAdmin(spec, connectTimeoutMs);
      this.admins.set(id, a);
    }
    return a;
  }

  get paused(): string[] {
    return [...this.pausedAt.keys()];
  }

  async release(id: string): Promise<void> {
    this.pausedAt.delete(id);
    const a = this.admins.get(id);
    this.admins.delete(id);
    await a?.close();
  }

  async dispose(): Promise<void> {
    await Promise.allSettled([...this.admins.keys()].map((id) => this.release(id)));
  }
}

export class PoolerRuns {
  private readonly runs = new Map<string, PoolerRun>();

  of(planId: string): PoolerRun {
    let r = this.runs.get(planId);
    if (!r) {
      r = new PoolerRun();
      this.runs.set(planId, r);
    }
    return r;
  }

  peek(planId: string): PoolerRun | undefined {
    return this.runs.get(planId);
  }

  async end(planId: string): Promise<void> {
    const r = this.runs.get(planId);
    this.runs.delete(planId);
    await r?.dispose();
  }

  /** Since when a run holds this pooler paused (the earliest PAUSE), or null. */
  pausedSince(poolerId: string): number | null {
    const at = [...this.runs.values()].map((r) => r.pausedAt.get(poolerId)).filter((t): t is number => t !== undefined);
    return at.length ? Math.min(...at) : null;
  }

  all(): [string, PoolerRun][] {
    return [...this.runs.entries()];
  }
}
