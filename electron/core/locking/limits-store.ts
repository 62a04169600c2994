import { promises as fs } from 'node:fs';
import { z } from 'zod';
import { LockingLimitsSchema, type LockingLimits } from '../../../shared/model/locking';
import { writeFileAtomic } from '../settings/secret-store';

const FileSchema = z.record(z.string(), LockingLimitsSchema);
export const DEFAULT_LIMITS: LockingLimits = LockingLimitsSchema.parse({});

/** The admin's warning limits per cluster, in `<dataDir>/locking-limits.json`. An unreadable file means defaults. */
export class LimitsStore {
  private limits = new Map<string, LockingLimits>();

  constructor(private readonly file: string) {}

  async load(): Promise<void> {
    const raw = await fs.readFile(this.file, 'utf8').catch(() => null);
    if (raw === null) return;
    let json: unknown = null;
    try {
      json = JSON.parse(raw);
    } catch {
      // Defaults, and the next save writes a valid file.
    }
    const parsed = FileSchema.safeParse(json);
    if (parsed.success) this.limits = new Map(Object.entries(parsed.data));
  }

  get(clusterId: string): LockingLimits {
    return this.limits.get(clusterId) ?? DEFAULT_LIMITS;
  }

  async set(clusterId: string, limits: LockingLimits): Promise<void> {
    this.limits.set(clusterId, limits);
    await writeFileAtomic(this.file, JSON.stringify(Object.fromEntries(this.limits), null, 2), 0o600);
  }
}
