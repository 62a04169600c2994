import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalPostgresHost } from '../../agent/postgres/local-host';
import { startPatroniCluster } from '../harness/patroni-cluster';
import { createPgCluster } from '../harness/pg-cluster';
import { isRoot, PG_OS_USER, pgBinDir, runPg } from '../harness/pg-binaries';

/**
 * The suite runs from a clone in a directory only root can enter (issue 10):
 * every child that runs as `postgres` gets a working directory it can enter.
 * Here the test process itself works from a 0700 directory (root's, when we
 * are root) while the harness starts Patroni, PostgreSQL and the agent's tools.
 */
const WARNING = /could not change directory/;
let home = '';
let closed = '';

beforeAll(() => {
  home = process.cwd();
  closed = mkdtempSync(path.join(os.tmpdir(), 'rd-root-only-'));
  chmodSync(closed, 0o700);
  process.chdir(closed);
});

afterAll(() => {
  process.chdir(home);
  rmSync(closed, { recursive: true, force: true });
});

describe('from a working directory only its owner can enter', () => {
  it('Patroni starts as postgres and elects a leader that streams', async () => {
    const cluster = await startPatroniCluster(1);
    try {
      expect(await cluster.waitHealthy()).toBe('pg1');
      expect(cluster.logTail('pg1')).not.toMatch(/PermissionError|Traceback/);
    } finally {
      await cluster.stop();
    }
  }, 180_000);

  it('PostgreSQL (initdb, pg_basebackup, pg_ctl) and the agent’s tools run as postgres without a working-directory warning, and the agent restarts a standby from there', async () => {
    const cluster = await createPgCluster({ standbys: 1 });
    try {
      await cluster.waitForStreaming();
      for (const n of cluster.nodes) expect(readFileSync(n.logFile, 'utf8'), n.name).not.toMatch(WARNING);
      // PostgreSQL's tools warn on stderr when they cannot return to their working directory.
      const tool = await runPg('pg_controldata', ['-D', cluster.node('primary').dataDir]);
      expect(tool.stdout).toMatch(/Database cluster state:\s+in production/);
      expect(tool.stderr).not.toMatch(WARNING);
      // The agent restarts the standby: pg_ctl as postgres, its output and the server's in the log file.
      const standby = cluster.node('standby1');
      const host = new LocalPostgresHost({
        dataDir: standby.dataDir,
        binDir: pgBinDir() ?? '',
        runAs: isRoot ? PG_OS_USER : null,
        logFile: standby.logFile,
        replicationUser: 'postgres',
        rewindConninfo: 'user=postgres dbname=postgres',
      });
      expect(await host.stop(AbortSignal.timeout(30_000))).toMatchObject({ ok: true });
      expect(await host.controlData(AbortSignal.timeout(10_000))).toMatchObject({ ok: true, value: { clusterState: 'shut down in recovery' } });
      expect(await host.start(AbortSignal.timeout(60_000))).toEqual({ ok: true, value: 'started' });
      await cluster.waitForStreaming();
      expect(readFileSync(standby.logFile, 'utf8')).not.toMatch(WARNING);
    } finally {
      await cluster.stop();
    }
  }, 120_000);
});
