import { MonitorDeltaSchema, type MonitorDelta } from '../../shared/ipc/delta';
import { parseOrFail } from '../../shared/validate';

/** Validates a pushed delta; an invalid one is dropped with a warning naming the failing fields. */
export function parseDelta(payload: unknown): MonitorDelta | null {
  const parsed = parseOrFail(MonitorDeltaSchema, payload, 'monitor delta');
  if (parsed.ok) return parsed.value;
  console.warn(`[replicadesk] dropped ${parsed.reason}`);
  return null;
}
