import type { PreflightCheck } from '../../../../shared/model/action';
import { assertNever } from '../../../../shared/result';
import { knownReading, type NodeView } from '../node-view';
import type { StepSpec } from './plan-steps';
import { runbookCheck, runbookGaps } from './runbook-login';
import { roleIdent } from '../permission-advice';
import { PLAN_FUNCTIONS, type NodePrivileges, type PlanFunction, type PlanParameter, type PlanRole, type PrivilegeReading } from './privileges-read';

/** One thing a step needs the login to be allowed to do on one node. */
export type Need =
  | { kind: 'function'; fn: PlanFunction }
  | { kind: 'alter-system'; param: PlanParameter }
  | { kind: 'role'; role: PlanRole }
  | { kind: 'replication' }
  /** Not a grant: client sessions of superusers, which pg_signal_backend cannot end. */
  | { kind: 'end-sessions' }
  /** The manual runbook's pg_rewind -R login (not ours: the admin runs it, so a warning): rewind functions and REPLICATION. */
  | { kind: 'runbook-login' };

export interface NodeNeeds {
  node: string;
  /** Its display name (cluster_name), with the address beside it when they differ: for the texts. */
  label: string;
  /** Each need with the verb of the first step that needs it ("fence", "re-point"), for the explanation. */
  needs: { need: Need; step: string }[];
}

export interface NeedsContext {
  view(nodeId: string): NodeView | undefined;
  /** primary_slot_name of a standby ('' when none): re-pointing it creates its slot on the new primary. */
  slotOf(nodeId: string): string;
}

const FENCE: Need[] = [{ kind: 'alter-system', param: 'default_transaction_read_only' }, { kind: 'function', fn: 'reload' }];

/** What each step of a plan needs, per node, in step order. Host steps run by the agent need nothing of the login. */
export function privilegeNeeds(steps: readonly StepSpec[], ctx: NeedsContext): NodeNeeds[] {
  const byNode = new Map<string, NodeNeeds>();
  const add = (node: string, verb: string, needs: readonly Need[]) => {
    if (needs.length === 0) return;
    const entry = byNode.get(node) ?? { node, label: labelOf(ctx, node), needs: [] };
    byNode.set(node, entry);
    for (const n of needs) if (!entry.needs.some((m) => needKey(m.need) === needKey(n))) entry.needs.push({ need: n, step: verb });
  };
  for (const s of steps) {
    switch (s.op) {
      case 'verify':
      case 'wait-caught-up':
      case 'wait-writable':
      case 'host-stop':
      case 'host-start':
      case 'rewind':
      case 'standby-config':
        break;
      // pg_rewind -R connects to the source with the runbook's login: checked, but only warned of (the admin may use another).
      case 'manual-rewind':
        if (s.peer) add(s.peer, `serve ${nameOf(ctx, s.node)}'s pg_rewind -R (manual runbook)`, [{ kind: 'runbook-login' }]);
        break;
      // Run by the admin on the host, with the admin's own rights: nothing asked of this login.
      case 'manual-checkpoint':
      case 'manual-stop':
      case 'manual-config':
      case 'manual-standby-signal':
      case 'manual-start':
        break;
      case 'fence':
      case 'fence-reminder':
        add(s.node, 'fence', [...FENCE, { kind: 'role', role: 'pg_signal_backend' }, { kind: 'end-sessions' }]);
        break;
      case 'unfence':
        add(s.node, 'unfence', FENCE);
        break;
      case 'promote': {
        add(s.node, 'promote', [{ kind: 'function', fn: 'promote' }]);
        // A candidate carrying an old fence is unfenced right after promotion.
        if (ctx.view(s.node)?.reading?.readOnly) add(s.node, 'unfence after promotion', FENCE);
        break;
      }
      case 'repoint':
        add(s.node, 're-point', [
          { kind: 'role', role: 'pg_read_all_settings' },
          { kind: 'alter-system', param: 'primary_conninfo' },
          { kind: 'alter-system', param: 'recovery_target_timeline' },
          { kind: 'function', fn: 'reload' },
        ]);
        if (s.peer && ctx.slotOf(s.node)) add(s.peer, `create ${nameOf(ctx, s.node)}'s slot`, [{ kind: 'replication' }]);
        break;
      case 'wait-streaming':
        // pg_stat_wal_receiver shows its status only to pg_read_all_stats.
        add(s.node, 'wait until it streams', [{ kind: 'role', role: 'pg_read_all_stats' }]);
        break;
      case 'checkpoint':
        add(s.node, 'checkpoint', [{ kind: 'role', role: 'pg_checkpoint' }]);
        break;
      default:
        assertNever(s.op, 'step op');
    }
  }
  return [...byNode.values()];
}

const nameOf = (ctx: NeedsContext, id: string): string => {
  const v = ctx.view(id);
  return (v && knownReading(v)?.clusterName) || id;
};
/** "n1 (127.0.0.1:5432)", or the address alone when the node has no cluster_name. */
const labelOf = (ctx: NeedsContext, id: string): string => {
  const name = nameOf(ctx, id);
  return name === id ? id : `${name} (${id})`;
};

function needKey(n: Need): string {
  switch (n.kind) {
    case 'function':
      return `f:${n.fn}`;
    case 'alter-system':
      return `a:${n.param}`;
    case 'role':
      return `r:${n.role}`;
    case 'replication':
    case 'end-sessions':
    case 'runbook-login':
      return n.kind;
    default:
      return assertNever(n, 'need');
  }
}

/** null when allowed; else the exact statement to run, or why only a superuser can. */
export function missing(p: NodePrivileges, n: Need, node: string): string | null {
  if (p.superuser) return null;
  const to = roleIdent(p.login);
  switch (n.kind) {
    case 'function':
      return p.functions[n.fn] ? null : `GRANT EXECUTE ON FUNCTION ${PLAN_FUNCTIONS[n.fn]} TO ${to};`;
    case 'alter-system':
      if (p.alterSystem.has(n.param)) return null;
      return p.pg15 ? `GRANT ALTER SYSTEM ON PARAMETER ${n.param} TO ${to};` : `ALTER SYSTEM SET ${n.param} needs a superuser before PostgreSQL 15`;
    case 'role':
      if (p.roles[n.role]) return null;
      if (n.role === 'pg_checkpoint' && !p.pg15) return 'CHECKPOINT needs a superuser before PostgreSQL 15';
      // pg_monitor includes pg_read_all_settings and pg_read_all_stats.
      return `GRANT ${n.role === 'pg_read_all_settings' || n.role === 'pg_read_all_stats' ? 'pg_monitor' : n.role} TO ${to};`;
    case 'replication':
      return p.replication ? null : `ALTER ROLE ${to} REPLICATION; (creating a replication slot)`;
    case 'end-sessions':
      return p.superuserSessions === 0
        ? null
        : `needs a superuser: ${node} has ${p.superuserSessions} client session(s) of superusers, which pg_signal_backend cannot end (close them first, or plan with a superuser login)`;
    case 'runbook-login':
      return runbookGaps(p);
    default:
      return assertNever(n, 'need');
  }
}

/** What a need allows, in a few words (for a passing check). */
function what(n: Need): string {
  switch (n.kind) {
    case 'function':
      return `EXECUTE ${PLAN_FUNCTIONS[n.fn]}`;
    case 'alter-system':
      return `ALTER SYSTEM ${n.param}`;
    case 'role':
      return n.role;
    case 'replication':
      return 'REPLICATION';
    case 'end-sessions':
      return 'no superuser sessions to end';
    case 'runbook-login':
      return 'REPLICATION and EXECUTE on the rewind functions';
    default:
      return assertNever(n, 'need');
  }
}

const check = (id: string, ok: boolean, severity: PreflightCheck['severity'], explanation: string): PreflightCheck => ({ id, ok, severity: ok ? 'info' : severity, explanation });

/**
 * One check per node a step acts on: the login may do what those steps need,
 * or a blocker naming each GRANT (or "needs a superuser"). A node that does not
 * answer (an old primary in a failover) gets a warning, judged from another
 * node's catalog: physical standbys share the primary's roles and grants.
 */
export function privilegeChecks(needs: readonly NodeNeeds[], read: ReadonlyMap<string, PrivilegeReading>): PreflightCheck[] {
  const proxy = [...read.entries()].find(([, r]) => r.ok);
  const labelOf = (id: string) => needs.find((n) => n.node === id)?.label ?? id;
  return needs.flatMap(({ node, label, needs: all }) => {
    const list = all.filter((x) => x.need.kind !== 'runbook-login');
    const manual = all.filter((x) => x.need.kind === 'runbook-login');
    const r = read.get(node);
    const p = r?.ok ? r.value : r ? null : proxy?.[1].ok ? proxy[1].value : null;
    return [...(list.length ? [grantsCheck(node, label, list, r, p, proxy ? labelOf(proxy[0]) : '')] : []), ...(manual.length && p ? runbookCheck(node, label, p, manual) : [])];
  });
}

function grantsCheck(node: string, label: string, list: NodeNeeds['needs'], r: PrivilegeReading | undefined, p: NodePrivileges | null, proxyLabel: string): PreflightCheck {
  const id = `privileges:${node}`;
  const verbs = (xs: readonly { step: string }[]) => [...new Set(xs.map((x) => x.step))].join(', ');
  if (r && !r.ok) return check(id, false, 'blocker', `the login's privileges on ${label} could not be read (${r.reason}): plan again`);
  const gaps = p ? list.map((x) => ({ ...x, advice: missing(p, x.need, label) })).filter((x): x is typeof x & { advice: string } => x.advice !== null) : [];
  const lacks = [...new Set(gaps.map((g) => g.advice))];
  if (!r) {
    const from = p && proxyLabel ? ` (as read on ${proxyLabel}, which shares its catalog)` : '';
    const gap = lacks.length ? `; ${roleIdent(p!.login)} lacks${from}: ${lacks.join(' ')}` : p ? `; ${roleIdent(p.login)} would be allowed${from}` : '';
    return check(id, false, 'warning', `${label} does not answer: the privileges to ${verbs(list)} there are not checked${gap}`);
  }
  const login = roleIdent(p!.login);
  if (lacks.length === 0) {
    const how = p!.superuser ? 'is a superuser' : `has ${list.map((x) => what(x.need)).join(', ')}`;
    return check(id, true, 'blocker', `${login} may ${verbs(list)} on ${label}: it ${how}`);
  }
  const where = lacks.some((l) => l.startsWith('GRANT') || l.startsWith('ALTER ROLE')) ? ' (run on the primary: standbys get roles and grants by replication)' : '';
  return check(id, false, 'blocker', `${login} cannot ${verbs(gaps)} on ${label}: ${lacks.join(' ')}${where}`);
}
