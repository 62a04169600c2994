import { describe, expect, it } from 'vitest';
import { parseControlData, parsePostmasterPid } from '../../../agent/postgres/control-data';
import { postgresBackendFrom } from '../../../agent/postgres/from-options';
import { isHostCommand } from '../../../agent/postgres/backend';
import { nodeReport, notReadReport } from '../../../agent/postgres/report';
import { joinSecrets, splitSecrets } from '../../../electron/core/settings/secret-split';
import { nodeAddressId } from '../../../electron/drivers/postgres/actions/agent-host-control';
import { AnyAgentCommandSchema } from '../../../shared/agent/commands';
import { CommandFrameSchema } from '../../../shared/agent/protocol';
import { PostgresSpecSchema } from '../../../shared/model/cluster';

const CONTROLDATA = `pg_control version number:            1300
Database cluster state:               shut down
Latest checkpoint location:           0/3000028
Latest checkpoint's REDO location:    0/3000028
Latest checkpoint's TimeLineID:       2
`;

describe('postgres agent: pg_controldata and postmaster.pid', () => {
  it('reads the state, the latest checkpoint and its timeline', () => {
    expect(parseControlData(CONTROLDATA)).toEqual({ clusterState: 'shut down', latestCheckpointLsn: '0/3000028', timeline: 2 });
    expect(parseControlData('Database cluster state:               shut down in recovery\n')).toEqual({ clusterState: 'shut down in recovery', latestCheckpointLsn: null, timeline: null });
    expect(parseControlData('garbage')).toEqual({ clusterState: 'unknown', latestCheckpointLsn: null, timeline: null });
  });

  it('reads pid, port and socket directory from postmaster.pid', () => {
    expect(parsePostmasterPid('4242\n/data\n1732412000\n5433\n/tmp/sock\n127.0.0.1\n  1234 5\nready   \n')).toEqual({ pid: 4242, port: 5433, socketDir: '/tmp/sock' });
    expect(parsePostmasterPid('4242\n')).toEqual({ pid: 4242, port: null, socketDir: null });
    expect(parsePostmasterPid('')).toBeNull();
  });
});

describe('postgres agent: host commands on the wire', () => {
  it('validates host commands and names the failing field', () => {
    expect(AnyAgentCommandSchema.safeParse({ name: 'rewind', source: { host: '10.0.0.5', port: 5432 } }).success).toBe(true);
    const bad = CommandFrameSchema.safeParse({ v: 1, type: 'command', id: 'c1', command: { name: 'writeStandbyConfig', upstream: { host: 'x', port: 0 } } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path.join('.')).toBe('command.upstream.port');
    expect(isHostCommand({ name: 'stop' })).toBe(true);
    expect(isHostCommand({ name: 'promote' })).toBe(false);
  });

  it('the CLI options say what is missing', () => {
    expect(postgresBackendFrom({ pgdata: undefined, pgConn: 'postgres://a@h/d', pgBindir: undefined, pgLog: undefined, nodeId: undefined, replicationUser: undefined })).toMatchObject({ ok: false, reason: expect.stringMatching(/--pgdata DIR/) });
    expect(postgresBackendFrom({ pgdata: '/tmp', pgConn: undefined, pgBindir: undefined, pgLog: undefined, nodeId: undefined, replicationUser: undefined })).toMatchObject({ ok: false, reason: expect.stringMatching(/--pg-conn/) });
    expect(postgresBackendFrom({ pgdata: '/nonexistent/pg', pgConn: 'postgres://a@h:5432/d', pgBindir: '/x', pgLog: undefined, nodeId: undefined, replicationUser: undefined })).toMatchObject({ ok: false, reason: expect.stringMatching(/not a PostgreSQL data directory/) });
  });
});

describe('postgres spec: agents per node', () => {
  const spec = PostgresSpecSchema.parse({
    engine: 'postgres',
    name: 'pg',
    seeds: ['postgres://u:pw@10.0.0.5:5432/postgres'],
    agents: [{ nodeAddress: '10.0.0.5:5432', url: 'wss://10.0.0.5:7400', token: 's3cret' }],
  });

  it('keeps agent tokens out of the saved spec and puts them back', () => {
    const { redacted, secrets } = splitSecrets(spec);
    expect(JSON.stringify(redacted)).not.toContain('s3cret');
    expect(secrets['pg-agent:0']).toBe('s3cret');
    expect(joinSecrets(redacted, secrets)).toEqual(spec);
  });

  it('checks node addresses and normalises them like node ids', () => {
    const bad = PostgresSpecSchema.safeParse({ ...spec, agents: [{ nodeAddress: '10.0.0.5', url: 'ws://x:1', token: 't' }] });
    expect(bad.error?.issues[0]?.path.join('.')).toBe('agents.0.nodeAddress');
    expect(nodeAddressId('LOCALHOST:5432')).toBe('127.0.0.1:5432');
    expect(nodeAddressId('[::1]:5433')).toBe('[::1]:5433');
  });
});

describe('postgres agent: the report', () => {
  const base = { version: '15.8', cluster_name: 'standby1', read_only: false, started_ms: 1_700_000_000_000.4, replay_paused: false };
  it('a standby reports itself and its incoming link, with lag measured where it is', () => {
    const r = nodeReport('127.0.0.1:5433', {
      ...base, in_recovery: true, current_lsn: null, wal_file: null, receive_lsn: '0/3000100', replay_lsn: '0/3000000',
      receiver: { status: 'streaming', sender_host: 'localhost', sender_port: 5432, received_tli: 2, latest_end_lsn: '0/3000100' },
    }, 1000);
    expect(r.node).toMatchObject({ id: '127.0.0.1:5433', name: 'standby1', role: 'replica', status: { kind: 'up' }, timeline: 2, readOnly: true, position: '0/3000100', startedAt: 1_700_000_000_000 });
    expect(r.links).toEqual([expect.objectContaining({ id: '127.0.0.1:5432->127.0.0.1:5433', state: 'streaming', lag: expect.objectContaining({ bytes: { sent: null, write: null, flush: null, replay: 256 }, measuredAt: 1000 }) })]);
  });

  it('a primary has no incoming link; a stopped server is down with its last known role', () => {
    const p = nodeReport('127.0.0.1:5432', { ...base, in_recovery: false, current_lsn: '0/5000000', wal_file: '000000030000000000000005', receive_lsn: null, replay_lsn: null, receiver: null }, 1000);
    expect(p.node).toMatchObject({ role: 'primary', timeline: 3, position: '0/5000000', readOnly: false });
    expect(p.links).toEqual([]);
    const down = notReadReport('127.0.0.1:5432', p, { running: false, reason: 'connection refused' }, 900, 2000);
    expect(down.node).toMatchObject({ role: 'primary', status: { kind: 'down', since: 900, reason: expect.stringMatching(/not running.*connection refused/) } });
    expect(notReadReport('x:1', null, { running: true, reason: 'password authentication failed' }, 1, 2).node).toMatchObject({ role: 'unknown', status: { kind: 'unreachable' } });
  });
});
