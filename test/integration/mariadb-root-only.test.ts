import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startMasterMaster } from '../harness/mariadb-topology';
import { slaveStatus } from '../harness/mariadb-replication';
import { mariadbOsUserIds } from '../harness/mariadb-binaries';

/**
 * The suite runs from a clone in a directory only root can enter: the harness
 * starts mariadbd (as `mysql` when we are root) with its own temp dir as the
 * working directory, never ours. Here the test process works from a 0700 dir.
 */
let home = '';
let closed = '';

beforeAll(() => {
  home = process.cwd();
  closed = mkdtempSync(path.join(os.tmpdir(), 'rd-root-only-mdb-'));
  chmodSync(closed, 0o700);
  process.chdir(closed);
});

afterAll(() => {
  process.chdir(home);
  rmSync(closed, { recursive: true, force: true });
});

describe('MariaDB from a working directory only its owner can enter', () => {
  it('starts two masters that replicate both ways, running as the mysql user when root', async () => {
    const topo = await startMasterMaster();
    try {
      for (const s of topo.servers) {
        expect(await slaveStatus(s)).toMatchObject({ ioRunning: 'Yes', sqlRunning: 'Yes' });
        const owner = readFileSync(`/proc/${s.pid}/status`, 'utf8').match(/^Uid:\s+(\d+)/m)?.[1];
        expect(owner).toBe(String(mariadbOsUserIds()?.uid ?? process.getuid?.()));
        expect(readFileSync(path.join(s.dir, 'error.log'), 'utf8')).not.toMatch(/Can't change dir|Permission denied|Errcode: 13/);
      }
    } finally {
      await topo.stop();
    }
    for (const s of topo.servers) expect(() => process.kill(s.pid!, 0)).toThrow();
  });
});
