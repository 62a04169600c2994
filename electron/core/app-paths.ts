import os from 'node:os';
import path from 'node:path';

/** Where browser mode keeps settings: $REPLICADESK_DATA_DIR, else the XDG config dir. */
export function defaultDataDir(): string {
  if (process.env.REPLICADESK_DATA_DIR) return process.env.REPLICADESK_DATA_DIR;
  const base = process.env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config');
  return path.join(base, 'replicadesk');
}

export function sandboxEnabled(argv: string[]): boolean {
  return !argv.includes('--no-sandbox-cluster') && process.env.REPLICADESK_SANDBOX !== '0';
}
