import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './free-port';
import { watchTestProcesses } from './process-reaper';
import { requirePrometheusTools, startReadyDaemon } from './prometheus-process';

export interface AmAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  status: { state: string };
}

export interface AlertmanagerServer {
  url: string;
  /** GET /api/v2/alerts: the alerts it holds now (resolved ones are left out by Alertmanager). */
  alerts(): Promise<AmAlert[]>;
  stop(): Promise<void>;
}

/**
 * A real Alertmanager (Debian's /usr/bin/prometheus-alertmanager), clustering
 * off, in a temp dir on a free loopback port. Its one route forwards to
 * `webhookUrl` (with resolutions) so a test sees what it would notify.
 */
export async function startAlertmanager(opts: { webhookUrl: string }): Promise<AlertmanagerServer> {
  requirePrometheusTools();
  const root = mkdtempSync(path.join(tmpdir(), 'rd-am-'));
  const reaper = watchTestProcesses(root);
  const port = await freePort();
  writeFileSync(
    path.join(root, 'alertmanager.yml'),
    [
      'route:',
      '  receiver: test',
      '  group_by: [alertname, cluster]',
      '  group_wait: 0s',
      '  group_interval: 1s',
      '  repeat_interval: 1h',
      'receivers:',
      '  - name: test',
      '    webhook_configs:',
      `      - url: "${opts.webhookUrl}"`,
      '        send_resolved: true',
      '',
    ].join('\n'),
  );
  const { url, stop } = await startReadyDaemon('/usr/bin/prometheus-alertmanager', [
    `--config.file=${path.join(root, 'alertmanager.yml')}`,
    `--storage.path=${path.join(root, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--cluster.listen-address=',
    '--log.level=warn',
  ], root, port, reaper);
  return {
    url,
    stop,
    async alerts() {
      const r = await fetch(`${url}/api/v2/alerts`);
      if (!r.ok) throw new Error(`GET /api/v2/alerts: ${r.status} ${await r.text()}`);
      return (await r.json()) as AmAlert[];
    },
  };
}
