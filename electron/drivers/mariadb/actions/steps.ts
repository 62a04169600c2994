import type { ActionStep } from '../../../../shared/model/action';
import { changeMasterPreview, MDB_SQL } from './sql';
import { mdbStepId, type MdbStepOp } from './step-id';

export interface MdbStepSpec {
  op: MdbStepOp;
  node: string;
  peer?: string;
  title: string;
  command: string;
  abortableBefore: boolean;
  manual?: boolean;
}

export function toStep(s: MdbStepSpec): ActionStep {
  return {
    id: mdbStepId({ op: s.op, node: s.node, peer: s.peer ?? null }),
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

export interface StepTopology {
  candidate: string;
  oldPrimary: string;
  /** Replicas of the old primary other than the candidate: re-pointed to it. */
  others: readonly string[];
  /** Where replicas connect to the new primary, and as whom. */
  endpoint: { host: string; port: number; user: string };
  nameOf(id: string): string;
}

const fenceCommand = `${MDB_SQL.fence}; then KILL CONNECTION <id> for every client session but replication threads and ReplicaDesk's own (information_schema.PROCESSLIST)`;

/** In a switchover, promote re-checks the fenced primary's position first (peer): a READ_ONLY ADMIN write since the wait is waited for too. */
function promoteAndRepoint(t: StepTopology, recheck: boolean): MdbStepSpec[] {
  const c = t.candidate;
  const cn = t.nameOf(c);
  const cm = changeMasterPreview(t.endpoint.host, t.endpoint.port, t.endpoint.user);
  const again = recheck ? `SELECT @@GLOBAL.gtid_binlog_pos -- on ${t.nameOf(t.oldPrimary)}, then MASTER_GTID_WAIT again; ` : '';
  return [
    { op: 'promote', node: c, ...(recheck ? { peer: t.oldPrimary } : {}), title: `Promote ${cn}: remove its replication, accept writes`, command: `${again}STOP SLAVE; RESET SLAVE ALL; ${MDB_SQL.unfence} -- per channel`, abortableBefore: false },
    ...t.others.map((o): MdbStepSpec => ({ op: 'repoint', node: o, peer: c, title: `Re-point ${t.nameOf(o)} to ${cn} and wait until it replicates`, command: cm, abortableBefore: false })),
  ];
}

/**
 * Switchover with no acknowledged write lost: fence the old primary (read_only,
 * client sessions ended), wait until the candidate has applied its whole
 * @@gtid_binlog_pos, promote, rejoin the old primary as a replica, re-point the others.
 */
export function switchoverSteps(t: StepTopology): MdbStepSpec[] {
  const [c, old] = [t.candidate, t.oldPrimary];
  const [cn, on] = [t.nameOf(c), t.nameOf(old)];
  return [
    { op: 'verify', node: c, peer: old, title: `Verify ${cn} still replicates from ${on}`, command: MDB_SQL.channels, abortableBefore: true },
    { op: 'fence', node: old, title: `Fence ${on}: read_only, end client sessions`, command: fenceCommand, abortableBefore: true },
    { op: 'wait-caught-up', node: c, peer: old, title: `Wait until ${cn} has applied ${on}'s last transaction`, command: `SELECT @@GLOBAL.gtid_binlog_pos -- on ${on}; then on ${cn}: SELECT MASTER_GTID_WAIT(<that position>, <seconds>)`, abortableBefore: false },
    promoteAndRepoint(t, true)[0]!,
    {
      op: 'rejoin-old',
      node: old,
      peer: c,
      title: `Rejoin ${on} as a replica of ${cn} (stays read_only)`,
      command: `${MDB_SQL.slavePosFromBinlog}; ${changeMasterPreview(t.endpoint.host, t.endpoint.port, t.endpoint.user).replace('STOP SLAVE; ', '')}`,
      abortableBefore: false,
    },
    ...promoteAndRepoint(t, true).slice(1),
  ];
}

/**
 * Failover from a dead primary: verify, apply the candidate's relay log, promote,
 * re-point the others; fence the old primary now if it answers, else the moment
 * it returns (core's standing order); the admin rejoins it by hand.
 */
export function failoverSteps(t: StepTopology): MdbStepSpec[] {
  const [c, old] = [t.candidate, t.oldPrimary];
  const [cn, on] = [t.nameOf(c), t.nameOf(old)];
  return [
    { op: 'verify', node: c, peer: old, title: `Verify ${cn} is a replica of ${on}, which still does not answer`, command: MDB_SQL.channels, abortableBefore: true },
    { op: 'drain-relay', node: c, peer: old, title: `Stop ${cn}'s IO thread and apply what it received`, command: 'STOP SLAVE IO_THREAD; SELECT MASTER_GTID_WAIT(<Gtid_IO_Pos>, <seconds>)', abortableBefore: true },
    ...promoteAndRepoint(t, false),
    { op: 'fence-reminder', node: old, title: `Fence ${on}: now if it answers, else the moment it returns`, command: `on ${on}, before any client reaches it: ${fenceCommand}; or keep it stopped until it rejoins`, abortableBefore: true },
    {
      op: 'manual-rejoin',
      node: old,
      peer: c,
      manual: true,
      title: `Rejoin ${on} as a replica of ${cn} (by hand, once it is back and fenced)`,
      command: manualRejoinCommand(on, cn, t.endpoint),
      abortableBefore: true,
    },
  ];
}

/**
 * The by-hand rejoin of an old primary under the new one: the failover plan's last step, and the advice the
 * cluster headline and the node panel give for a fenced old primary (available.ts).
 */
export function manualRejoinCommand(oldName: string, newName: string, endpoint: StepTopology['endpoint']): string {
  return `on ${oldName}: compare SELECT @@gtid_binlog_state with ${newName}'s; a transaction only ${oldName} has is lost from ${newName} and must be removed or re-applied first. Then: STOP SLAVE; ${MDB_SQL.slavePosFromBinlog}; ${changeMasterPreview(endpoint.host, endpoint.port, endpoint.user).replace('STOP SLAVE; ', '')}`;
}
