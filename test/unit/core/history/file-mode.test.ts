import { statSync, writeFileSync, chmodSync, existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { delta, sample, store, tempFile } from './fixtures';

const T0 = 1_700_000_000_000;
const mode = (f: string) => statSync(f).mode & 0o777;

describe('history file permissions', () => {
  it('creates history.db and its -wal/-shm readable by the owner only (0600), whatever the umask', () => {
    const old = process.umask(0o022);
    try {
      const file = tempFile();
      const h = store(file, { t: T0 });
      h.ingest(delta({ samples: [sample('c1', T0, 'a', ['b'])] }));
      h.flush();
      expect(mode(file)).toBe(0o600);
      for (const ext of ['-wal', '-shm']) {
        expect(existsSync(file + ext), `${ext} exists while open`).toBe(true);
        expect(mode(file + ext)).toBe(0o600);
      }
      h.close();
      expect(process.umask(0o022)).toBe(0o022); // the umask is given back after opening
    } finally {
      process.umask(old);
    }
  });

  it('narrows a file an earlier version left 0644', () => {
    const file = tempFile();
    writeFileSync(file, '');
    chmodSync(file, 0o644);
    const h = store(file, { t: T0 });
    expect(mode(file)).toBe(0o600);
    h.close();
  });
});
