import type { AlertChange } from '../alert-book';
import { postJson, type Sender } from './sender';

/** The generic JSON body: every change of the batch, each the full alert with its status. */
export function webhookBody(batch: readonly AlertChange[]): unknown {
  return { source: 'replicadesk', version: 1, alerts: batch.map((c) => ({ ...c.alert, status: c.kind })) };
}

/** One line per change: "[FIRING] critical primary-down (cluster / node): summary". */
export function slackText(batch: readonly AlertChange[]): string {
  return batch
    .map(({ kind, alert: a }) => {
      const where = a.node ? `${a.cluster} / ${a.node}` : a.cluster;
      const extra = a.action ? ` (during ${a.action})` : '';
      return kind === 'firing'
        ? `[FIRING] ${a.severity} ${a.rule} (${where}): ${a.summary}${extra}`
        : `[RESOLVED] ${a.rule} (${where}): ${a.summary}`;
    })
    .join('\n');
}

/** A webhook: generic JSON, or Slack-compatible `{ text }`. */
export class WebhookSender implements Sender {
  constructor(
    readonly kind: 'webhook' | 'slack',
    private readonly url: string,
    readonly target: string,
    private readonly token: string | null,
  ) {}

  send(batch: readonly AlertChange[], signal: AbortSignal) {
    const body = this.kind === 'slack' ? { text: slackText(batch) } : webhookBody(batch);
    return postJson(`${this.kind === 'slack' ? 'Slack webhook' : 'Webhook'} at ${this.target}`, this.url, body, this.token, signal);
  }
}
