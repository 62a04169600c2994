import type { RuleLimits } from '../../../shared/ipc/alerts';
import type { ClusterHeadline } from '../../../shared/model/cluster-state';
import type { ClusterSample } from '../../../shared/model/sample';
import { formatBytes } from '../events/format';
import { namesOf, type Names } from '../alarms/names';
import { LAG_CLEAR_RATIO, linkObservations } from '../alarms/rules';
import type { AlertObservation } from './alert-book';

/**
 * The rules read from each sample. They reuse what the core already decided:
 * the cluster headline (primary down), the open alarms (no writable primary,
 * split brain) and the alarm rules' lag condition (with the alert's own limits
 * and a hold time); only the slot rule adds a condition of its own (retained
 * bytes, which the alarms only use for inactive slots).
 */
export function sampleObservations(sample: ClusterSample, headline: ClusterHeadline | null, limits: RuleLimits, prev: ClusterSample | null = null): AlertObservation[] {
  const names = namesOf(sample, prev);
  const on = (rule: AlertObservation['rule']) => !limits.disabled.includes(rule);
  const out: AlertObservation[] = [];
  if (on('primary-down') && headline) {
    const primary = sample.nodes.find((n) => n.role === 'primary' && n.status.kind === 'up');
    out.push(primaryDown(headline, primary ? names.node(primary.id) : null));
  }
  if (on('no-server-answers') && headline) out.push(noServerAnswers(headline));
  const alarms = sample.alarms ?? [];
  for (const kind of ['no-writable-primary', 'split-brain'] as const) {
    if (!on(kind)) continue;
    const alarm = alarms.find((a) => a.kind === kind);
    out.push({
      key: `${kind}:cluster`, rule: kind, severity: 'critical', nodeId: alarm?.nodeId ?? null, node: alarm?.nodeId ? names.node(alarm.nodeId) : null,
      raise: alarm !== undefined, clear: alarm === undefined, summary: alarm?.message ?? kind, clearsWhen: alarm?.clearsWhen ?? 'its alarm clears',
    });
  }
  // The pooler alarms hold their condition (a switchover's own PAUSE and re-point are shorter): the alerts follow the open alarms.
  for (const p of sample.poolers ?? []) {
    const subjects = [
      { rule: 'pooler-paused' as const, key: `pooler-paused:${p.id}`, what: `pooler ${p.name} paused` },
      ...p.databases.filter((db) => db.writeRoute).map((db) => ({ rule: 'pooler-misrouted' as const, key: `pooler-misrouted:${p.id}/${db.name}`, what: `pooler ${p.name} misroutes ${db.name}` })),
    ];
    for (const x of subjects) {
      if (!on(x.rule)) continue;
      const alarm = alarms.find((a) => a.key === x.key);
      out.push({
        key: x.key, rule: x.rule, severity: 'critical', nodeId: null, node: p.name,
        raise: alarm !== undefined, clear: alarm === undefined, summary: alarm?.message ?? x.what, clearsWhen: alarm?.clearsWhen ?? 'its alarm clears',
      });
    }
  }
  if (on('lag')) out.push(...lagObservations(sample, limits, names));
  if (on('slot-retained')) out.push(...slotObservations(sample, limits, names));
  return out;
}

/**
 * Raised when the headline says the primary is down (ReplicaDesk and its
 * replicas lost it); cleared on any state but `primary-unreachable` (the band:
 * a primary only we lose for a moment neither raises nor clears it).
 */
export function primaryDown(h: ClusterHeadline, answering: string | null = null): AlertObservation {
  const down = h.state === 'primary-down';
  return {
    key: 'primary-down:cluster', rule: 'primary-down', severity: 'critical', nodeId: h.nodeIds[0] ?? null, node: h.nodes[0] ?? null,
    raise: down, clear: !down && h.state !== 'primary-unreachable',
    summary: down ? `${undouble(h.title)}${h.suggestion ? `; ${h.suggestion.text}` : ''}` : undouble(h.title),
    clearsWhen: 'a primary answers again (the old one returns or a standby is promoted)',
    resolvedSummary: answering ? `${primaryNamed(answering)} answers again` : `a primary answers again (${h.title})`,
  };
}

/** How long no server may answer before the alert fires: a blip (one lost sample) is no page. */
export const NO_SERVER_ANSWERS_HOLD_MS = 10_000;

/**
 * Raised when no server of the cluster answers ReplicaDesk for 10 s (the headline's red
 * `no-server-answers`): whatever happens on the cluster then goes unseen, so someone must know,
 * whether the servers are down or only ReplicaDesk's login or network is (trial 21: a rotated
 * password left monitoring blind with "none firing"). Cleared as soon as any server answers.
 */
export function noServerAnswers(h: ClusterHeadline): AlertObservation {
  const blind = h.state === 'no-server-answers';
  return {
    key: 'no-server-answers:cluster', rule: 'no-server-answers', severity: 'critical', nodeId: null, node: null,
    raise: blind, clear: !blind, holdMs: NO_SERVER_ANSWERS_HOLD_MS,
    // The headline's advice carries the nodes' own reasons (a refused login, a refused connection): the page says why.
    summary: blind ? `${h.title}: ReplicaDesk sees nothing of this cluster${h.suggestion ? `; ${h.suggestion.text}` : ''}` : h.title,
    clearsWhen: 'any server of the cluster answers ReplicaDesk again',
    resolvedSummary: 'a server of the cluster answers ReplicaDesk again',
  };
}

/** "primary primary down" (a node named "primary") reads "primary down". */
function undouble(title: string): string {
  return title.replace(/\bprimary (\S*primary\S*)/i, '$1');
}

function primaryNamed(node: string): string {
  return /primary/i.test(node) ? node : `primary ${node}`;
}

function lagObservations(sample: ClusterSample, limits: RuleLimits, names: Names): AlertObservation[] {
  const t = { lagThresholdBytes: limits.lagBytes, lagThresholdMs: limits.lagSeconds * 1000 };
  return sample.links.flatMap((l) => {
    const o = linkObservations(l, t, names).find((x) => x.kind === 'lag-threshold');
    if (!o) return [];
    return [{
      key: `lag:${l.id}`, rule: 'lag' as const, severity: 'warning' as const, nodeId: l.to, node: names.node(l.to),
      raise: o.raise, clear: o.clear, holdMs: limits.lagForSeconds * 1000, summary: o.message, clearsWhen: o.clearsWhen,
    }];
  });
}

function slotObservations(sample: ClusterSample, limits: RuleLimits, names: Names): AlertObservation[] {
  return sample.slots.map((s) => {
    const bytes = s.retainedBytes ?? 0;
    return {
      key: `slot-retained:${s.nodeId}/${s.name}`, rule: 'slot-retained' as const, severity: 'warning' as const, nodeId: s.nodeId, node: names.node(s.nodeId),
      raise: bytes > limits.slotRetainedBytes, clear: bytes < limits.slotRetainedBytes * LAG_CLEAR_RATIO,
      summary: `slot ${s.name} on ${names.node(s.nodeId)} retains ${formatBytes(bytes)} of WAL (limit ${formatBytes(limits.slotRetainedBytes)})${s.active ? '' : '; it is inactive'}`,
      clearsWhen: `under ${formatBytes(limits.slotRetainedBytes * LAG_CLEAR_RATIO)} (80 % of the limit), or the slot is dropped`,
    };
  });
}
