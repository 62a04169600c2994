import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { SecretMap } from './secret-split';

/** How secrets are sealed at rest: Electron's safeStorage, or nothing but file permissions. */
export interface SecretCodec {
  readonly description: string;
  seal(plain: string): string;
  open(sealed: string): string;
}

/** Plain JSON, readable only by the owner (mode 0600): browser mode's store. */
export const ownerOnlyFileCodec: SecretCodec = {
  description: 'a file readable only by you (mode 0600)',
  seal: (s) => s,
  open: (s) => s,
};

/** Secrets of all clusters in one file, written atomically with mode 0600. */
export class SecretStore {
  constructor(
    private readonly file: string,
    private readonly codec: SecretCodec,
  ) {}

  async read(): Promise<Record<string, SecretMap>> {
    try {
      const raw = await fs.readFile(this.file, 'utf8');
      return JSON.parse(this.codec.open(raw)) as Record<string, SecretMap>;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
  }

  async write(all: Record<string, SecretMap>): Promise<void> {
    await writeFileAtomic(this.file, this.codec.seal(JSON.stringify(all)), 0o600);
  }
}

export async function writeFileAtomic(file: string, data: string, mode: number): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(tmp, data, { mode });
  await fs.chmod(tmp, mode);
  await fs.rename(tmp, file);
}
