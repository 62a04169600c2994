import type { ActionPlan, ActionStep } from '../../../../shared/model/action';
import { assertNever, fail, ok, type Result } from '../../../../shared/result';
import { requestBody, requestUrl } from './plan';
import { memberBaseUrl, type PatroniProbe } from './probe';
import { getJson, request } from './rest';
import { isLeaderRole, isRunningState, PatroniNodeStatusSchema } from './schemas';
import { parsePatroniStepId } from './step-id';

export interface PatroniExecDeps {
  probe: PatroniProbe;
  /** Per REST call. */
  timeoutMs: number;
  /** How long the wait steps wait for Patroni. */
  waitMs: number;
  /** Patroni's POST /switchover answers when the switch is done (or after its own deadline). */
  requestTimeoutMs: number;
}

const POLL_MS = 100;
const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });

/** Runs one Patroni step. Stateless: the step id names the members, Patroni is read afresh for URLs. */
export async function executePatroniStep(deps: PatroniExecDeps, plan: ActionPlan, step: ActionStep, signal: AbortSignal): Promise<Result<string>> {
  const blockers = plan.checks.filter((c) => !c.ok && c.severity === 'blocker');
  if (blockers.length > 0) return fail('preflight-failed', `the plan has failing checks: ${blockers.map((c) => `${c.id}: ${c.explanation}`).join('; ')}`);
  const ref = parsePatroniStepId(step.id);
  if (!ref) return fail('bad-step', `step ${step.id} is not a Patroni step`);
  switch (ref.op) {
    case 'patroni-switchover':
    case 'patroni-failover':
      return ask(deps, ref.op, ref.candidate, ref.leader, signal);
    case 'patroni-wait-leader':
      return waitLeader(deps, ref.candidate, signal);
    case 'patroni-wait-streaming':
      return waitStreaming(deps, ref.candidate, ref.leader, signal);
    default:
      return assertNever(ref.op, 'Patroni step op');
  }
}

/** POSTs the request; any non-2xx answer is Patroni's refusal, returned in its own words. */
async function ask(deps: PatroniExecDeps, op: 'patroni-switchover' | 'patroni-failover', candidate: string, leader: string | null, signal: AbortSignal): Promise<Result<string>> {
  const view = await deps.probe.read(signal, true);
  if (!view.ok) return view;
  const url = requestUrl(view.value, op, candidate, leader);
  const body = requestBody(op, candidate, leader);
  const r = await request('POST', url, { body, timeoutMs: deps.requestTimeoutMs, signal });
  if (!r.ok) return r;
  const said = r.value.text.trim() || '(no body)';
  const what = op === 'patroni-switchover' ? 'switchover' : 'failover';
  if (r.value.status >= 200 && r.value.status < 300) return ok(`Patroni (HTTP ${r.value.status}): ${said}`);
  return fail('patroni-refused', `Patroni refused the ${what} (HTTP ${r.value.status} from POST ${url}): ${said}`);
}

async function poll(deps: PatroniExecDeps, signal: AbortSignal, what: string, tick: () => Promise<{ done: string | null; state: string }>): Promise<Result<string>> {
  const deadline = Date.now() + deps.waitMs;
  let state = 'no reading yet';
  while (!signal.aborted) {
    const t = await tick();
    if (t.done) return ok(t.done);
    state = t.state;
    if (Date.now() > deadline) return fail('timeout', `Patroni did not report ${what} within ${deps.waitMs} ms; last seen: ${state}`);
    await sleep(POLL_MS, signal);
  }
  return fail('aborted', `waiting for ${what} was cancelled (last seen: ${state})`);
}

function waitLeader(deps: PatroniExecDeps, candidate: string, signal: AbortSignal): Promise<Result<string>> {
  return poll(deps, signal, `${candidate} as the running leader`, async () => {
    const v = await deps.probe.read(signal, true);
    if (!v.ok) return { done: null, state: v.reason };
    const m = v.value.cluster.members.find((x) => x.name === candidate);
    const summary = v.value.cluster.members.map((x) => `${x.name} ${x.role}/${x.state}`).join(', ');
    return { done: m && isLeaderRole(m.role) && isRunningState(m.state) ? `Patroni reports ${candidate} leader, running${m.timeline !== undefined ? ` on timeline ${m.timeline}` : ''}` : null, state: summary };
  });
}

/**
 * Until the new leader's walsenders list every other running member as streaming. `oldLeader` (a switchover)
 * is always waited for, as Patroni restarts it as a replica; another member Patroni reports stopped is listed, not waited for.
 */
function waitStreaming(deps: PatroniExecDeps, candidate: string, oldLeader: string | null, signal: AbortSignal): Promise<Result<string>> {
  return poll(deps, signal, `the other members streaming from ${candidate}`, async () => {
    const v = await deps.probe.read(signal, true);
    if (!v.ok) return { done: null, state: v.reason };
    const leader = v.value.cluster.members.find((x) => x.name === candidate);
    const url = memberBaseUrl(leader?.api_url) ?? v.value.url;
    const status = await getJson(`${url}/patroni`, deps.timeoutMs, signal);
    const s = status.ok ? PatroniNodeStatusSchema.safeParse(status.value) : null;
    if (!s?.success) return { done: null, state: status.ok ? `${url}/patroni is not Patroni's status` : status.reason };
    const others = v.value.cluster.members.filter((m) => m.name !== candidate);
    const streaming = new Set((s.data.replication ?? []).filter((r) => r.state === 'streaming').map((r) => r.application_name));
    const waiting = others.filter((m) => !streaming.has(m.name) && (m.name === oldLeader || isRunningState(m.state) || m.state === 'starting' || m.state === 'stopping'));
    const gone = others.filter((m) => !streaming.has(m.name) && !waiting.includes(m));
    const state = `streaming: ${[...streaming].join(', ') || 'none'}; waiting for: ${waiting.map((m) => `${m.name} (${m.state})`).join(', ') || 'none'}`;
    if (waiting.length > 0) return { done: null, state };
    const goneNote = gone.length > 0 ? `; not waited for (Patroni reports them ${gone.map((m) => `${m.name} ${m.state}`).join(', ')})` : '';
    return { done: `streaming from ${candidate}: ${[...streaming].join(', ') || 'none'}${goneNote}`, state };
  });
}
