import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './free-port';
import { watchTestProcesses } from './process-reaper';
import { requirePrometheusTools, startReadyDaemon } from './prometheus-process';

export interface PrometheusServer {
  url: string;
  /** An instant query through the HTTP API: each series' labels and value. */
  query(expr: string): Promise<{ metric: Record<string, string>; value: number }[]>;
  /** The scrape target's health as Prometheus reports it ("up", "down", "unknown") and its last error. */
  target(): Promise<{ health: string; lastError: string } | null>;
  stop(): Promise<void>;
}

/**
 * A real Prometheus (Debian's /usr/bin/prometheus) in a temp dir on a free
 * loopback port, scraping `target` (host:port) every second, with a bearer
 * token when given.
 */
export async function startPrometheus(opts: { target: string; token?: string; rulesFile?: string }): Promise<PrometheusServer> {
  requirePrometheusTools();
  const root = mkdtempSync(path.join(tmpdir(), 'rd-prom-'));
  const reaper = watchTestProcesses(root);
  const port = await freePort();
  const auth = opts.token ? `\n    authorization:\n      credentials: "${opts.token}"` : '';
  const rules = opts.rulesFile ? `rule_files:\n  - "${opts.rulesFile}"\n` : '';
  writeFileSync(
    path.join(root, 'prometheus.yml'),
    `global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n${rules}scrape_configs:\n  - job_name: replicadesk\n    static_configs:\n      - targets: ["${opts.target}"]${auth}\n`,
  );
  const { url, stop } = await startReadyDaemon('/usr/bin/prometheus', [
    `--config.file=${path.join(root, 'prometheus.yml')}`,
    `--storage.tsdb.path=${path.join(root, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=warn',
  ], root, port, reaper);
  return {
    url,
    stop,
    async query(expr) {
      const r = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`);
      const body = (await r.json()) as { status: string; error?: string; data?: { result: { metric: Record<string, string>; value: [number, string] }[] } };
      if (body.status !== 'success') throw new Error(`query ${expr} failed: ${body.error ?? r.status}`);
      return (body.data?.result ?? []).map((s) => ({ metric: s.metric, value: Number(s.value[1]) }));
    },
    async target() {
      const body = (await (await fetch(`${url}/api/v1/targets`)).json()) as { data: { activeTargets: { health: string; lastError: string }[] } };
      const t = body.data.activeTargets[0];
      return t ? { health: t.health, lastError: t.lastError } : null;
    },
  };
}
