import type { Alert, AlertRule, ReceiverTest } from '../../../shared/ipc/alerts';
import type { ReceiverWithSecrets } from './alert-config';
import { senderFor } from './outboxes';

export const TEST_TITLE = 'ReplicaDesk test alert: nothing is wrong';

/** A clearly titled alert that no rule raises: `alertname` "replicadesk-test" in Alertmanager. */
export function testAlert(receiverId: string, actor: string, at: number): Alert {
  return {
    key: `replicadesk-test/${receiverId}:${at}`,
    // Not one of the built-in rules on purpose: receivers route and show it as a test.
    rule: 'replicadesk-test' as AlertRule,
    clusterId: 'replicadesk-test',
    cluster: 'ReplicaDesk',
    nodeId: null,
    node: null,
    severity: 'warning',
    summary: `${TEST_TITLE} (sent by ${actor} with "Send test alert" to receiver ${receiverId}; its resolution follows right away)`,
    clearsWhen: 'right away: this is a test',
    startsAt: at,
    endsAt: null,
    status: 'firing',
    silencedBy: null,
    action: null,
  };
}

/** Sends the test alert, then its resolution, straight to the receiver (not through its queue: no retries). */
export async function sendTestAlert(r: ReceiverWithSecrets, actor: string, now: () => number, timeoutMs = 10_000): Promise<ReceiverTest> {
  const sender = senderFor(r);
  const alert = testAlert(r.id, actor, now());
  const firing = await sender.send([{ kind: 'firing', alert }], AbortSignal.timeout(timeoutMs));
  const endsAt = now();
  const resolved = await sender.send([{ kind: 'resolved', alert: { ...alert, status: 'resolved', endsAt } }], AbortSignal.timeout(timeoutMs));
  const outcome = (x: typeof firing) => (x.ok ? { ok: true, error: null } : { ok: false, error: x.reason });
  return { receiverId: r.id, at: alert.startsAt, title: TEST_TITLE, firing: outcome(firing), resolved: outcome(resolved) };
}
