import type { Alert, Receiver, ReceiverTest } from '../../../shared/ipc/alerts';

const KIND: Record<Receiver['kind'], string> = { alertmanager: 'Alertmanager', webhook: 'Webhook (JSON)', slack: 'Slack webhook' };

/** "Slack webhook “ops-chat” at https://hooks.example:443 (token in the secret store)": kind and name tell receivers apart. */
export function receiverWhere(r: Receiver): string {
  return `${KIND[r.kind]} “${r.id}” at ${r.target}${r.hasToken ? ' (token in the secret store)' : ''}`;
}

export function receiversCount(n: number): string {
  return n === 1 ? '1 receiver' : `${n} receivers`;
}

/** The test's outcome in one line: both sends, or which failed and why. */
export function testOutcome(t: ReceiverTest): string {
  if (t.firing.ok && t.resolved.ok) return `Test alert and its resolution delivered (“${t.title}”).`;
  const parts = [t.firing.ok ? 'test alert delivered' : `test alert not delivered: ${t.firing.error}`, t.resolved.ok ? 'resolution delivered' : `resolution not delivered: ${t.resolved.error}`];
  return parts.join('; ');
}

/** "1 firing, silenced: not sent; 1 firing: sent to the receivers": per state, so a silenced alert is not said to be sent. */
export function firingHeader(firing: readonly Pick<Alert, 'silencedBy'>[]): string {
  if (firing.length === 0) return 'none firing';
  const held = firing.filter((a) => a.silencedBy).length;
  const sent = firing.length - held;
  const parts = [];
  if (sent) parts.push(`${sent} firing: sent to the receivers set below the audit log`);
  if (held) parts.push(`${held} firing, silenced: not sent`);
  return parts.join('; ');
}
