import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ClusterSpecSchema, type ClusterSpec } from '../../../shared/model/cluster';
import { joinSecrets, splitSecrets } from './secret-split';
import { SecretStore, writeFileAtomic, type SecretCodec } from './secret-store';

const SettingsFileSchema = z.object({
  version: z.literal(1),
  clusters: z.array(z.object({ id: z.string(), spec: ClusterSpecSchema })),
});

export interface SavedCluster {
  id: string;
  spec: ClusterSpec;
}

/**
 * The clusters the admin added, in `<dir>/clusters.json`. Passwords and
 * tokens never go in that file: they are kept by the SecretStore.
 */
export class SettingsStore {
  private readonly file: string;
  private readonly secrets: SecretStore;

  constructor(
    readonly dir: string,
    codec: SecretCodec,
  ) {
    this.file = path.join(dir, 'clusters.json');
    this.secrets = new SecretStore(path.join(dir, 'secrets.json'), codec);
  }

  async load(): Promise<{ clusters: SavedCluster[]; problems: string[] }> {
    let raw: string;
    try {
      raw = await fs.readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { clusters: [], problems: [] };
      return { clusters: [], problems: [`cannot read ${this.file}: ${String(error)}`] };
    }
    const parsed = SettingsFileSchema.safeParse(safeJson(raw));
    if (!parsed.success) {
      // Keep the unreadable file for the admin instead of overwriting it.
      await fs.copyFile(this.file, `${this.file}.unreadable-${Date.now()}`).catch(() => {});
      return { clusters: [], problems: [`${this.file} is not valid settings; a copy was kept beside it`] };
    }
    const secrets = await this.secrets.read().catch(() => ({}) as Record<string, Record<string, string>>);
    return {
      clusters: parsed.data.clusters.map((c) => ({ id: c.id, spec: joinSecrets(c.spec, secrets[c.id] ?? {}) })),
      problems: [],
    };
  }

  async save(clusters: SavedCluster[]): Promise<void> {
    const secrets: Record<string, Record<string, string>> = {};
    const redacted = clusters.map((c) => {
      const split = splitSecrets(c.spec);
      if (Object.keys(split.secrets).length) secrets[c.id] = split.secrets;
      return { id: c.id, spec: split.redacted };
    });
    await this.secrets.write(secrets);
    await writeFileAtomic(this.file, `${JSON.stringify({ version: 1, clusters: redacted }, null, 2)}\n`, 0o600);
  }
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}
