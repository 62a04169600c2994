import type { Delivery } from '../../../shared/ipc/alerts';
import type { AlertChange } from './alert-book';
import type { ReceiverWithSecrets } from './alert-config';
import { DeliveryQueue, type QueueOptions } from './delivery-queue';
import { AlertmanagerSender } from './senders/alertmanager';
import { WebhookSender } from './senders/webhook';

/** One delivery queue per configured receiver; rebuilt when receivers change. */
export class Outboxes {
  private queues: DeliveryQueue[] = [];

  constructor(private readonly opts: QueueOptions = {}) {}

  rebuild(receivers: readonly ReceiverWithSecrets[]): void {
    this.close();
    this.queues = receivers.map((r) => {
      const sender = r.kind === 'alertmanager' ? new AlertmanagerSender(r.url, r.target, r.token) : new WebhookSender(r.kind, r.url, r.target, r.token);
      return new DeliveryQueue(r.id, sender, this.opts);
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
