import { ActionsQuery } from './actions-query';
import type Database from 'better-sqlite3';
import type { MonitorDelta } from '../../../shared/ipc/delta';
import { IdMap } from './ids';
import { LagWriter } from './lag-writer';
import { SampleWriter } from './sample-writer';
import { JournalWriter } from './journal-writer';
import { LagQuery } from './lag-query';
import { MomentQuery } from './moment-query';
import { MarkersQuery } from './markers-query';
import { SinceQuery } from './since-query';

/** How often staged raw points move to their per-link table (see schema.ts). */
const RECENT_MOVE_MS = 60_000;

/** The pieces bound to one open database (rebuilt if the file has to be replaced). */
export interface Bound {
  db: Database.Database;
  ids: IdMap;
  lag: LagWriter;
  samples: SampleWriter;
  journal: JournalWriter;
  lagQuery: LagQuery;
  moment: MomentQuery;
  markersQuery: MarkersQuery;
  sinceQuery: SinceQuery;
  actionsQuery: ActionsQuery;
  write: (batch: MonitorDelta[]) => void;
}

/** Prepares every writer and query on one open database; `write` stores a batch of deltas in one transaction. */
export function bind(db: Database.Database, now: () => number): Bound {
  const ids = new IdMap(db);
  const lag = new LagWriter(db);
  const samples = new SampleWriter(db, ids);
  const journal = new JournalWriter(db, ids);
  let movedAt = now();
  const write = db.transaction((batch: MonitorDelta[]) => {
    for (const d of batch) {
      for (const c of d.clusters) ids.cluster(c.id, c.name);
      for (const s of d.samples) samples.write(s.clusterId, s);
      for (const p of d.lagPoints) lag.point(ids.link(ids.cluster(p.clusterId), p.linkId), p.point);
      for (const e of d.events) journal.event(e);
      for (const a of d.actions) journal.action(a, d.at);
      for (const c of d.conflicts) journal.conflict(c);
    }
    lag.settle(now() - 60_000);
    if (Math.abs(now() - movedAt) >= RECENT_MOVE_MS) {
      lag.moveToRaw();
      movedAt = now();
    }
  });
  return {
    db,
    ids,
    lag,
    samples,
    journal,
    lagQuery: new LagQuery(db),
    moment: new MomentQuery(db, ids),
    markersQuery: new MarkersQuery(db, ids),
    sinceQuery: new SinceQuery(db),
    actionsQuery: new ActionsQuery(db, ids),
    write,
  };
}
