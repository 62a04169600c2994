import type { PoolerReading } from '../../../shared/model/pooler';
import type { Observation } from './alarm-book';
import { RUNBOOKS } from './runbooks';

/**
 * How long a pooler may sit paused before it is an alarm. A switchover's own
 * PAUSE lasts well under a second and gives up after its PAUSE timeout
 * (2 s by default); a pause that outlasts this was left behind, by an app
 * that stopped mid-switchover or by hand, and every pooled client waits.
 */
export const POOLER_PAUSED_HOLD_MS = 10_000;
/** A pooler that misses one read is not yet an alarm (a RELOAD, a busy console). */
export const POOLER_UNREACHABLE_HOLD_MS = 5_000;

/** The alarms of one PgBouncer in front of a cluster: left paused, and not answering its admin console. */
export function poolerObservations(p: PoolerReading): Observation[] {
  const read = p.status === 'ok';
  const paused = p.databases.filter((d) => d.paused).map((d) => d.name);
  const where = `${p.name} (${p.host}:${p.port})`;
  return [
    {
      key: `pooler-paused:${p.id}`,
      kind: 'pooler-paused',
      severity: 'critical',
      nodeId: null,
      raise: read && paused.length > 0,
      clear: read && paused.length === 0,
      holdMs: POOLER_PAUSED_HOLD_MS,
      message: `pooler ${where} is paused (${paused.join(', ')}): its clients' queries wait, and fail once query_wait_timeout passes`,
      clearMessage: `pooler ${where} serves its clients again (no database paused)`,
      clearsWhen: 'SHOW DATABASES shows no database paused',
      runbook: RUNBOOKS.poolerPaused,
    },
    {
      key: `pooler-unreachable:${p.id}`,
      kind: 'pooler-unreachable',
      severity: 'warning',
      nodeId: null,
      raise: !read,
      clear: read,
      holdMs: POOLER_UNREACHABLE_HOLD_MS,
      message: `pooler ${where} cannot be read (${p.status}${p.error ? `: ${p.error}` : ''}); a switchover cannot pause or re-point it`,
      clearMessage: `pooler ${where} answers its admin console again`,
      clearsWhen: 'its admin console answers the SHOW commands',
      runbook: RUNBOOKS.poolerUnreachable,
    },
  ];
}
