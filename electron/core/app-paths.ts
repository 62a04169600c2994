import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Where browser mode keeps settings: $REPLICADESK_DATA_DIR, else the XDG config dir. */
export function defaultDataDir(): string {
  if (process.env.REPLICADESK_DATA_DIR) return process.env.REPLICADESK_DATA_DIR;
  const base = process.env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config');
  return path.join(base, 'replicadesk');
}

/**
 * Creates the data directory with mode 0700, and tightens an existing one to
 * 0700 (settings, the audit log and the secret store live there). Returns a
 * warning when the mode could not be set (a directory we do not own, a
 * file system without modes); null when the directory is private.
 */
export async function ensurePrivateDir(dir: string): Promise<string | null> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32') return null;
  const mode = (await fs.stat(dir)).mode & 0o777;
  if (mode === 0o700) return null;
  try {
    await fs.chmod(dir, 0o700);
  } catch (error) {
    return `the data directory ${dir} has mode ${mode.toString(8)} and could not be set to 700 (${(error as Error).message}): other users may read it`;
  }
  const now = (await fs.stat(dir)).mode & 0o777;
  return now === 0o700 ? null : `the data directory ${dir} still has mode ${now.toString(8)} after chmod 700: other users may read it`;
}

export function sandboxEnabled(argv: string[]): boolean {
  return !argv.includes('--no-sandbox-cluster') && process.env.REPLICADESK_SANDBOX !== '0';
}
