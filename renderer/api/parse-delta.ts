import { MonitorDeltaSchema, type MonitorDelta } from '../../shared/ipc/delta';
import { parseOrFail } from '../../shared/validate';

/** Where a dropped frame is reported: the console, or (in the delta worker) a list posted back to the page. */
export type Warn = (message: string, ...details: unknown[]) => void;
export const consoleWarn: Warn = (message, ...details) => console.warn(message, ...details);

/** Validates a pushed delta; an invalid one is dropped with a warning naming the failing fields. */
export function parseDelta(payload: unknown, warn: Warn = consoleWarn): MonitorDelta | null {
  const parsed = parseOrFail(MonitorDeltaSchema, payload, 'monitor delta');
  if (parsed.ok) return parsed.value;
  warn(`[replicadesk] dropped ${parsed.reason}`);
  return null;
}
