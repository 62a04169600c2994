import { ok, type Result } from '../../../../shared/result';
import type { Logger } from '../../logger';
import { createExporter, type ClusterReading } from './exporter';
import { MetricsServer } from './metrics-server';

/** Starts, moves and stops the /metrics endpoint as its settings change (off by default). */
export class MetricsEndpointControl {
  private server: MetricsServer | null = null;
  private readonly registry;

  constructor(read: () => ClusterReading[], private readonly log: Logger) {
    this.registry = createExporter(read);
  }

  async apply(m: { enabled: boolean; host: string; port: number; token: string | null }): Promise<Result<{ enabled: boolean; host: string; port: number; hasToken: boolean }>> {
    await this.stop();
    const view = { enabled: m.enabled, host: m.host, port: m.port, hasToken: Boolean(m.token) };
    if (!m.enabled) return ok(view);
    const r = await MetricsServer.start(this.registry, { host: m.host, port: m.port, token: m.token });
    if (!r.ok) return r;
    this.server = r.value;
    this.log.info('metrics endpoint listening', { host: m.host, port: r.value.address.port, auth: m.token ? 'bearer' : 'none' });
    return ok({ ...view, port: r.value.address.port });
  }

  address(): { host: string; port: number } | null {
    return this.server?.address ?? null;
  }

  async stop(): Promise<void> {
    await this.server?.close();
    this.server = null;
  }

  /** The exposition text (tests and diagnostics). */
  text(): Promise<string> {
    return this.registry.metrics();
  }
}
