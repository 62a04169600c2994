import { ConflictPolicySchema, type ConflictPolicy } from '../../../shared/model/conflict';
import type { ClusterSample } from '../../../shared/model/sample';

/** The conflict policy an engine reports in its node notes ("conflict policy: last-writer-wins"), if any. */
export function reportedPolicy(sample: ClusterSample | null | undefined): ConflictPolicy | null {
  for (const n of sample?.nodes ?? []) {
    for (const note of n.notes ?? []) {
      const m = /^conflict policy: (\S+)$/.exec(note);
      const parsed = m ? ConflictPolicySchema.safeParse(m[1]) : null;
      if (parsed?.success) return parsed.data;
    }
  }
  return null;
}
