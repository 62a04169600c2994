import type { ActionStep } from '../../../../shared/model/action';
import { HOST_COMMANDS, type Endpoint } from './host-control';
import { repointPreview, SQL } from './sql';
import { stepId, type StepOp } from './step-id';

export interface StepSpec {
  op: StepOp;
  node: string;
  peer?: string;
  title: string;
  command: string;
  abortableBefore: boolean;
  /** Left to the admin: the runner never runs it. */
  manual?: boolean;
}

export function toStep(s: StepSpec): ActionStep {
  return {
    id: stepId({ op: s.op, node: s.node, peer: s.peer ?? null }),
    title: s.title,
    command: s.command,
    state: 'pending',
    startedAt: null,
    endedAt: null,
    detail: null,
    abortableBefore: s.abortableBefore,
    ...(s.manual ? { manual: true } : {}),
  };
}

export interface Topology {
  candidate: string;
  oldPrimary: string | null;
  others: readonly string[];
  /** Where standbys should stream from once the candidate is promoted. */
  endpoint: Endpoint;
  /** The old primary's host is controlled (agent): it can stop, rewind and rejoin. */
  hostOld: boolean;
  /** Display name of a node (cluster_name), for titles; ids stay addresses. */
  nameOf(id: string): string;
  /** Without the agent: the admin's steps to make the old primary a standby (plan-runbook.ts). */
  manual: StepSpec[];
}

const join = (sql: readonly string[]) => sql.join('; ');

/** Promote, wait writable, re-point every other standby, wait until each streams. */
function promoteAndRepoint(t: Topology): StepSpec[] {
  const c = t.candidate;
  const cn = t.nameOf(c);
  return [
    { op: 'promote', node: c, title: `Promote ${cn} (${c})`, command: `${SQL.promote}; then, only if it was fenced: ${join(SQL.unfence)}`, abortableBefore: false },
    { op: 'wait-writable', node: c, title: `Wait until ${cn} accepts writes`, command: 'SELECT pg_is_in_recovery() -- until false', abortableBefore: false },
    ...t.others.flatMap((o): StepSpec[] => [
      { op: 'repoint', node: o, peer: c, title: `Re-point ${t.nameOf(o)} (${o}) to ${cn}`, command: repointPreview(t.endpoint), abortableBefore: false },
      {
        op: 'wait-streaming',
        node: o,
        peer: c,
        title: `Wait until ${t.nameOf(o)} streams from ${cn}`,
        command: 'SELECT status, sender_host, sender_port, received_tli FROM pg_stat_wal_receiver -- until streaming from the new primary',
        abortableBefore: false,
      },
    ]),
  ];
}

/** Rejoin the old primary as a standby of `source` (host steps). */
export function rejoinSteps(node: string, source: string, endpoint: Endpoint, checkpointFirst: boolean, nameOf: (id: string) => string = (id) => id): StepSpec[] {
  const [n, src] = [nameOf(node), nameOf(source)];
  return [
    ...(checkpointFirst ? [{ op: 'checkpoint', node: source, title: `Checkpoint on ${src} (pg_rewind reads its control file)`, command: SQL.checkpoint, abortableBefore: true } as StepSpec] : []),
    { op: 'host-stop', node, title: `Stop ${n} (fast)`, command: HOST_COMMANDS.stop, abortableBefore: true },
    { op: 'rewind', node, peer: source, title: `Rewind ${n} onto ${src}'s timeline`, command: HOST_COMMANDS.rewind(endpoint), abortableBefore: false },
    { op: 'standby-config', node, peer: source, title: `Make ${n} a standby of ${src}`, command: HOST_COMMANDS.standbyConfig(endpoint), abortableBefore: false },
    { op: 'host-start', node, title: `Start ${n} as a standby`, command: HOST_COMMANDS.start, abortableBefore: false },
    { op: 'wait-streaming', node, peer: source, title: `Wait until ${n} streams from ${src}`, command: 'SELECT status FROM pg_stat_wal_receiver -- until streaming', abortableBefore: false },
  ];
}

/**
 * Switchover with no acknowledged write lost: fence the old primary (writes
 * refused, sessions ended), stop it when its host is controlled (standbys get
 * its shutdown checkpoint), wait until the candidate has everything, promote,
 * re-point the others, and rejoin the old primary as a standby.
 */
export function switchoverSteps(t: Topology): StepSpec[] {
  const old = t.oldPrimary ?? '?';
  const c = t.candidate;
  const [on, cn] = [t.nameOf(old), t.nameOf(c)];
  const waitFor = t.hostOld ? "its shutdown checkpoint (pg_controldata)" : 'SELECT pg_current_wal_lsn() on the fenced primary';
  return [
    { op: 'verify', node: c, peer: old, title: `Verify ${cn} (${c}) still streams and is caught up`, command: SQL.state.replace(/\s+/g, ' '), abortableBefore: true },
    { op: 'fence', node: old, title: `Fence ${on} (${old}): refuse writes, end sessions`, command: join(SQL.fence), abortableBefore: true },
    ...(t.hostOld ? [{ op: 'host-stop', node: old, title: `Stop ${on} (fast; standbys receive its shutdown checkpoint)`, command: HOST_COMMANDS.stop, abortableBefore: false } as StepSpec] : []),
    {
      op: 'wait-caught-up',
      node: c,
      peer: old,
      title: `Wait until ${cn} has received all of ${on}'s WAL`,
      command: `SELECT pg_last_wal_receive_lsn() -- on ${cn}, until past ${waitFor}`,
      abortableBefore: false,
    },
    ...promoteAndRepoint(t),
    // pg_rewind reads the new primary's control file, whose timeline changes only at its first checkpoint.
    ...(t.hostOld ? rejoinSteps(old, c, t.endpoint, true, t.nameOf).filter((s) => s.op !== 'host-stop') : t.manual),
  ];
}

/**
 * Failover from a dead primary: verify, promote, re-point; fence the old one
 * (now if it answers, else a standing order core carries out when it does);
 * without the agent, the admin's rejoin steps.
 */
export function failoverSteps(t: Topology, fenceCommands: string): StepSpec[] {
  const c = t.candidate;
  const old = t.oldPrimary;
  return [
    { op: 'verify', node: c, ...(old ? { peer: old } : {}), title: `Verify ${t.nameOf(c)} (${c}) is still the best candidate`, command: SQL.state.replace(/\s+/g, ' '), abortableBefore: true },
    ...promoteAndRepoint(t),
    ...(old
      ? [{ op: 'fence-reminder', node: old, title: `Fence ${t.nameOf(old)} (${old}): now if it answers, else the moment it returns`, command: fenceCommands, abortableBefore: true } as StepSpec]
      : []),
    ...(old && !t.hostOld ? t.manual : []),
  ];
}

/** What to run on an old primary so it never takes writes again (shown in plans and warnings). */
export function fenceCommands(node: string): string {
  return `on ${node} before it accepts clients: ${join(SQL.fence)}; or keep it stopped (pg_ctl stop -m fast, or disable its service) until it rejoins as a standby`;
}
