// Child process for history-crash.test.ts: writes lag of `links` links every 100 ms through HistoryStore
// (one transaction per flush) and prints `committed <at>` after each flush, until it is killed.
import { HistoryStore } from '../../../electron/core/history/history-store';
import { createLogger } from '../../../electron/core/logger';
import type { MonitorDelta } from '../../../shared/ipc/delta';

const [file, linksArg] = process.argv.slice(2);
const links = Number(linksArg ?? 200);
const store = new HistoryStore({ file: file!, now: Date.now, log: createLogger('crash-writer'), flushEveryMs: 0, maintainEveryMs: 0 });
let seq = 0;
setInterval(() => {
  const at = Date.now();
  const lagPoints: MonitorDelta['lagPoints'] = [];
  for (let l = 0; l < links; l++) {
    lagPoints.push({ clusterId: 'crash', linkId: `p->r${l}`, point: { at, sentBytes: l, writeBytes: l, flushBytes: l, replayBytes: seq, writeMs: 1, flushMs: 1, replayMs: 2 } });
  }
  store.ingest({ seq: seq++, at, clusters: [], removedClusterIds: [], samples: [], events: [], lagPoints, actions: [], conflicts: [], bulk: [], headlines: [], locking: [], dropped: 0 });
  store.flush();
  process.stdout.write(`committed ${at}\n`);
}, 100);
