import type { Delivery, DeliveryState } from '../../../shared/ipc/alerts';
import type { AlertChange } from './alert-book';
import type { ReceiverWithSecrets } from './alert-config';
import { DeliveryQueue, type QueueOptions } from './delivery-queue';
import { AlertmanagerSender } from './senders/alertmanager';
import type { Sender } from './senders/sender';
import { WebhookSender } from './senders/webhook';

export function senderFor(r: ReceiverWithSecrets): Sender {
  return r.kind === 'alertmanager' ? new AlertmanagerSender(r.url, r.target, r.token) : new WebhookSender(r.kind, r.url, r.target, r.token);
}

/** One delivery queue per configured receiver; rebuilt when receivers change, each keeping its delivery state. */
export class Outboxes {
  private queues: DeliveryQueue[] = [];

  constructor(private readonly opts: QueueOptions = {}) {}

  /** `saved`: a receiver's state kept from before a restart; a receiver still pointing where it did keeps its live state. */
  rebuild(receivers: readonly ReceiverWithSecrets[], saved: (id: string) => DeliveryState | undefined = () => undefined): void {
    const live = new Map(this.queues.map((q) => [q.receiverId, q.delivery()]));
    this.close();
    this.queues = receivers.map((r) => {
      const prev = live.get(r.id);
      const kept = prev && prev.kind === r.kind && prev.target === r.target ? prev : saved(r.id);
      return new DeliveryQueue(r.id, senderFor(r), this.opts, kept && stateOf(kept));
    });
  }

  /** To every receiver, or only to those of one kind (Alertmanager's keep-alive). */
  push(changes: readonly AlertChange[], onlyKind?: string): void {
    for (const q of this.queues) if (!onlyKind || q.delivery().kind === onlyKind) q.push(changes);
  }

  deliveries(): Delivery[] {
    return this.queues.map((q) => q.delivery());
  }

  close(): void {
    for (const q of this.queues) q.close();
    this.queues = [];
  }
}

function stateOf(d: DeliveryState): DeliveryState {
  return { state: d.state, dropped: d.dropped, sent: d.sent, lastAttemptAt: d.lastAttemptAt, lastOkAt: d.lastOkAt, lastError: d.lastError };
}
