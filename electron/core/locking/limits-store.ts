import { z } from 'zod';
import { LockingLimitsSchema, type LockingLimits } from '../../../shared/model/locking';
import { readJsonFile } from '../settings/json-file';
import { writeFileAtomic } from '../settings/secret-store';

const FileSchema = z.record(z.string(), LockingLimitsSchema);
export const DEFAULT_LIMITS: LockingLimits = LockingLimitsSchema.parse({});

/** The admin's warning limits per cluster, in `<dataDir>/locking-limits.json`. An unreadable file means defaults. */
export class LimitsStore {
  private limits = new Map<string, LockingLimits>();

  constructor(private readonly file: string) {}

  async load(): Promise<void> {
    const saved = await readJsonFile(this.file, FileSchema);
    if (saved) this.limits = new Map(Object.entries(saved));
  }

  get(clusterId: string): LockingLimits {
    return this.limits.get(clusterId) ?? DEFAULT_LIMITS;
  }

  async set(clusterId: string, limits: LockingLimits): Promise<void> {
    this.limits.set(clusterId, limits);
    await writeFileAtomic(this.file, JSON.stringify(Object.fromEntries(this.limits), null, 2), 0o600);
  }
}
