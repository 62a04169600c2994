import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DeliveryStateSchema, MetricsEndpointSchema, ReceiverSchema, type DeliveryState, RuleLimitsSchema, type MetricsEndpoint, type Receiver, type ReceiverInput, type RuleLimits } from '../../../shared/ipc/alerts';
import { SecretStore, writeFileAtomic, type SecretCodec } from '../settings/secret-store';

const FileSchema = z.object({
  receivers: z.array(ReceiverSchema).default([]),
  limits: z.record(z.string(), RuleLimitsSchema).default({}),
  metrics: MetricsEndpointSchema.default(MetricsEndpointSchema.parse({})),
  /** Each receiver's last delivery state (last ok, last error, counts), so a restart does not hide a failing one. */
  deliveries: z.record(z.string(), DeliveryStateSchema).default({}),
});
type AlertFile = z.infer<typeof FileSchema>;

/** A receiver with what the secret store keeps for it. */
export interface ReceiverWithSecrets extends Receiver {
  url: string;
  token: string | null;
}

/** scheme://host:port only: what a receiver's URL shows in the UI and on disk (path and query may carry a token). */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return '(invalid URL)';
  }
}

/**
 * Alert settings: receivers, per-cluster rule limits and the metrics endpoint,
 * in `alerts.json`. Receiver URLs (whole: a Slack-style URL is itself the
 * credential) and every token go to `alert-secrets.json`, sealed by the app's
 * secret codec; the settings file keeps only scheme://host:port.
 */
export class AlertConfig {
  private data: AlertFile = FileSchema.parse({});
  private secrets: Record<string, Record<string, string>> = {};
  private readonly file: string;
  private readonly store: SecretStore;

  constructor(dataDir: string, codec: SecretCodec) {
    this.file = path.join(dataDir, 'alerts.json');
    this.store = new SecretStore(path.join(dataDir, 'alert-secrets.json'), codec);
  }

  /** Returns problems (a bad file is kept aside and defaults are used). */
  async load(): Promise<string[]> {
    try {
      const parsed = FileSchema.safeParse(JSON.parse(await fs.readFile(this.file, 'utf8')));
      if (!parsed.success) return [`alerts.json is not valid (${parsed.error.message}); using defaults`];
      this.data = parsed.data;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return [`alerts.json cannot be read: ${String(error)}`];
    }
    this.secrets = await this.store.read();
    return [];
  }

  receivers(): Receiver[] {
    return this.data.receivers;
  }

  receiversWithSecrets(): ReceiverWithSecrets[] {
    return this.data.receivers.flatMap((r) => {
      const s = this.secrets[`receiver:${r.id}`];
      return s?.url ? [{ ...r, url: s.url, token: s.token ?? null }] : [];
    });
  }

  async setReceiver(input: ReceiverInput): Promise<Receiver[]> {
    const r: Receiver = { id: input.id, kind: input.kind, target: redactUrl(input.url), hasToken: Boolean(input.token) };
    this.data.receivers = [...this.data.receivers.filter((x) => x.id !== r.id), r];
    const old = this.data.receivers.find((x) => x.id === r.id);
    if (old?.target !== r.target || old.kind !== r.kind) delete this.data.deliveries[r.id];
    this.secrets[`receiver:${r.id}`] = input.token ? { url: input.url, token: input.token } : { url: input.url };
    await this.save();
    return this.data.receivers;
  }

  async removeReceiver(id: string): Promise<Receiver[]> {
    this.data.receivers = this.data.receivers.filter((x) => x.id !== id);
    delete this.secrets[`receiver:${id}`];
    delete this.data.deliveries[id];
    await this.save();
    return this.data.receivers;
  }

  deliveryState(receiverId: string): DeliveryState | undefined {
    return this.data.deliveries[receiverId];
  }

  /** Keeps the receivers' delivery states (only of configured receivers). */
  async saveDeliveryStates(states: readonly (DeliveryState & { receiverId: string })[]): Promise<void> {
    const ids = new Set(this.data.receivers.map((r) => r.id));
    this.data.deliveries = Object.fromEntries(states.filter((d) => ids.has(d.receiverId)).map((d) => [d.receiverId, DeliveryStateSchema.parse(d)]));
    await writeFileAtomic(this.file, JSON.stringify(this.data, null, 1), 0o600);
  }

  limits(clusterId: string): RuleLimits {
    return this.data.limits[clusterId] ?? RuleLimitsSchema.parse({});
  }

  allLimits(): Record<string, RuleLimits> {
    return this.data.limits;
  }

  async setLimits(clusterId: string, limits: RuleLimits): Promise<RuleLimits> {
    this.data.limits[clusterId] = limits;
    await this.save();
    return limits;
  }

  metrics(): MetricsEndpoint & { token: string | null } {
    return { ...this.data.metrics, token: this.secrets['metrics']?.token ?? null };
  }

  async setMetrics(m: { enabled: boolean; host: string; port: number; token?: string | undefined }): Promise<MetricsEndpoint> {
    if (m.token !== undefined) {
      if (m.token) this.secrets['metrics'] = { token: m.token };
      else delete this.secrets['metrics'];
    }
    this.data.metrics = { enabled: m.enabled, host: m.host, port: m.port, hasToken: Boolean(this.secrets['metrics']?.token) };
    await this.save();
    return this.data.metrics;
  }

  private async save(): Promise<void> {
    await this.store.write(this.secrets);
    await writeFileAtomic(this.file, JSON.stringify(this.data, null, 1), 0o600);
  }
}
