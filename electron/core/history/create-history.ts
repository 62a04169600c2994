import path from 'node:path';
import type { Logger } from '../logger';
import { HistoryStore } from './history-store';

/**
 * The history store in the data directory (`history.db`). The size cap comes from
 * `REPLICADESK_HISTORY_CAP_MB` (default 1024); an unusable value is logged and ignored.
 */
export function createHistory(dataDir: string, now: () => number, log: Logger, env: NodeJS.ProcessEnv = process.env): HistoryStore {
  const raw = env.REPLICADESK_HISTORY_CAP_MB;
  const mb = raw === undefined ? NaN : Number(raw);
  if (raw !== undefined && !(mb >= 16)) log.warn('REPLICADESK_HISTORY_CAP_MB ignored: give a number of megabytes, at least 16', { value: raw });
  return new HistoryStore({
    file: path.join(dataDir, 'history.db'),
    now,
    log,
    ...(mb >= 16 ? { retention: { capBytes: mb * 1024 * 1024 } } : {}),
  });
}
