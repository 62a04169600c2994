import type { Receiver, ReceiverTest } from '../../../shared/ipc/alerts';

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
