import type { Alert } from '../../../../shared/ipc/alerts';
import type { AlertChange } from '../alert-book';
import { postJson, type Sender } from './sender';

/** `replicadesk://alerts/<cluster>?key=…`: where the alert came from (Alertmanager shows it as the source link). */
export function generatorUrl(a: Alert): string {
  return `replicadesk://alerts/${encodeURIComponent(a.clusterId)}?key=${encodeURIComponent(a.key)}`;
}

/** The labels identify the alert: a resolution carries exactly the same ones. */
export function alertmanagerLabels(a: Alert): Record<string, string> {
  const labels: Record<string, string> = { alertname: a.rule, cluster: a.cluster, severity: a.severity, source: 'replicadesk' };
  if (a.node) labels['node'] = a.node;
  // Two alerts of one rule on one node (two lagging links, two slots) differ by subject.
  labels['subject'] = a.key.slice(a.key.indexOf('/') + 1);
  return labels;
}

/** One postable alert of Alertmanager's v2 API; a resolution is the same labels with `endsAt`. */
export function toAlertmanager(c: AlertChange): Record<string, unknown> {
  const a = c.alert;
  const annotations: Record<string, string> = { summary: a.summary, clears_when: a.clearsWhen };
  if (a.action) annotations['action'] = a.action;
  return {
    labels: alertmanagerLabels(a),
    annotations,
    startsAt: new Date(a.startsAt).toISOString(),
    ...(c.kind === 'resolved' && a.endsAt !== null ? { endsAt: new Date(a.endsAt).toISOString() } : {}),
    generatorURL: generatorUrl(a),
  };
}

/** Prometheus Alertmanager, `POST {base}/api/v2/alerts`. */
export class AlertmanagerSender implements Sender {
  readonly kind = 'alertmanager';

  constructor(
    private readonly base: string,
    readonly target: string,
    private readonly token: string | null,
  ) {}

  send(batch: readonly AlertChange[], signal: AbortSignal) {
    const url = `${this.base.replace(/\/+$/, '')}/api/v2/alerts`;
    return postJson(`Alertmanager at ${this.target}`, url, batch.map(toAlertmanager), this.token, signal);
  }
}
