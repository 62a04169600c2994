import { describe, expect, it } from 'vitest';
import { CHECKPOINT_LOGIN, checkpointLoginOf, manualRejoinSteps, REWIND_LOGIN, rewindLoginOf, type HostFacts, type SourceConn } from '../../../../../electron/drivers/postgres/actions/plan-runbook';
import { REWIND_FUNCTIONS, replicationUser, type NodePrivileges, type RunbookLogin } from '../../../../../electron/drivers/postgres/actions/privileges-read';
import { primaryReading, standbyReading, up } from '../fixtures';

const P = '127.0.0.1:25431';
const S1 = '127.0.0.1:25432';
const facts = (over: Partial<HostFacts> = {}): HostFacts => ({ dataDirectory: '/var/lib/postgresql/15/main', port: 25431, clusterName: 'n1', versionNum: 150004, ...over });
const conn = (over: Partial<SourceConn> = {}): SourceConn => ({ host: '127.0.0.1', port: 25432, user: 'replicadesk_operator', database: 'postgres', ...over });
const steps = (f: HostFacts, c: SourceConn) => manualRejoinSteps({ id: P, name: 'n1', facts: f }, { id: S1, name: 'n2', conn: c });
const step = (f: HostFacts, c: SourceConn, op: string) => steps(f, c).find((s) => s.op === op)!;

const privileges = (runbook: RunbookLogin): NodePrivileges => ({
  login: 'replicadesk_operator',
  superuser: false,
  replication: false,
  functions: { promote: true, reload: true, readFile: false },
  roles: { pg_signal_backend: true, pg_checkpoint: true, pg_read_all_settings: true, pg_read_all_stats: true },
  alterSystem: new Set(),
  superuserSessions: 0,
  pg15: true,
  runbook,
});

describe('the no-agent runbook (issue 10 trial, F2 and F5)', () => {
  it('runs pg_ctl and pg_rewind from the Debian bindir of the server\'s major version, and says where they are elsewhere', () => {
    const rewind = step(facts(), conn({ rewind: { user: 'replicator', ok: true } }), 'manual-rewind');
    expect(rewind.command).toBe(
      `/usr/lib/postgresql/15/bin/pg_rewind --target-pgdata=/var/lib/postgresql/15/main --source-server='host=127.0.0.1 port=25432 user=replicator dbname=postgres' -R`,
    );
    expect(rewind.title).toContain("(/usr/lib/postgresql/15/bin/: the server's bindir on Debian; elsewhere `pg_config --bindir`)");
    expect(step(facts(), conn(), 'manual-stop').command).toBe('/usr/lib/postgresql/15/bin/pg_ctl stop -m fast -w -D /var/lib/postgresql/15/main');
    // Version unknown: no invented path, the title says how to find it.
    const unknown = step(facts({ versionNum: null }), conn(), 'manual-rewind');
    expect(unknown.command).toMatch(/^pg_rewind /);
    expect(unknown.title).toContain('`pg_config --bindir`; on Debian /usr/lib/postgresql/<major>/bin');
  });

  it('uses the login the standbys replicate with, and says it needs REPLICATION and the rewind functions', () => {
    const rewind = step(facts(), conn({ rewind: { user: 'replicator', ok: true } }), 'manual-rewind');
    expect(rewind.title).toMatch(/as "replicator": -R writes a primary_conninfo that streams as it, so it needs REPLICATION \(and a pg_hba\.conf "replication" line\), and superuser or EXECUTE on pg_ls_dir/);
  });

  it('writes a marked placeholder when the runbook\'s login may not rewind or stream, and names the login that lacks', () => {
    const rewind = step(facts(), conn({ rewind: { user: 'replicadesk_operator', ok: false } }), 'manual-rewind');
    expect(rewind.command).toContain(`user=${REWIND_LOGIN} dbname=postgres`);
    expect(rewind.command).not.toContain('user=replicadesk_operator');
    expect(rewind.title).toContain(`replace ${REWIND_LOGIN} with a login that has REPLICATION`);
    expect(rewind.title).toContain('"replicadesk_operator" lacks some (see the pre-flight warning)');
  });

  it('says the password comes from ~/.pgpass or PGPASSWORD, and what the CHECKPOINT login needs', () => {
    const cp = step(facts(), conn(), 'manual-checkpoint');
    expect(cp.title).toContain('as "replicadesk_operator" (needs pg_checkpoint or superuser); psql and pg_rewind ask for the password unless ~/.pgpass or PGPASSWORD has it');
    expect(step(facts(), conn(), 'manual-rewind').title).toContain('~/.pgpass or PGPASSWORD has it, and -R copies that password into primary_conninfo in postgresql.auto.conf');
  });

  it('runs the CHECKPOINT as a login that may (trial 20: a pg_monitor login was printed and failed)', () => {
    const able: RunbookLogin = { user: 'replicator', exists: true, superuser: false, replication: true, rewindDenied: [] };
    const mon = { ...privileges(able), login: 'mon', roles: { ...privileges(able).roles, pg_checkpoint: false } };
    // The app's login lacks pg_checkpoint and the runbook's login is no superuser: a marked placeholder, with the GRANT.
    const none = checkpointLoginOf({ ok: true, value: mon });
    expect(none).toEqual({ user: 'mon', ok: false });
    const cp = step(facts(), conn({ user: 'mon', checkpoint: none }), 'manual-checkpoint');
    expect(cp.command).toBe(`psql 'host=127.0.0.1 port=25432 user=${CHECKPOINT_LOGIN} dbname=postgres' -c CHECKPOINT`);
    expect(cp.title).toContain(`replace ${CHECKPOINT_LOGIN} with a login that has pg_checkpoint or superuser ("mon" has neither: GRANT pg_checkpoint TO mon, or use the postgres user)`);
    // A superuser runbook login (the standbys replicate as postgres) runs it.
    const su = checkpointLoginOf({ ok: true, value: { ...mon, runbook: { ...able, user: 'postgres', superuser: true } } });
    expect(su).toEqual({ user: 'postgres', ok: true });
    expect(step(facts(), conn({ user: 'mon', checkpoint: su }), 'manual-checkpoint').command).toContain('user=postgres ');
    // The app's own login when it has pg_checkpoint (PG15) or is a superuser; not before PG15 without superuser.
    expect(checkpointLoginOf({ ok: true, value: privileges(able) })).toEqual({ user: 'replicadesk_operator', ok: true });
    expect(checkpointLoginOf({ ok: true, value: { ...privileges(able), pg15: false } })).toEqual({ user: 'replicadesk_operator', ok: false });
    expect(checkpointLoginOf({ ok: false, reason: 'timeout' })).toBeUndefined();
  });

  it('starts with a log file inside the data directory, and may skip the stop of a node already down', () => {
    const start = step(facts(), conn(), 'manual-start');
    expect(start.command).toBe('mkdir -p /var/lib/postgresql/15/main/log && /usr/lib/postgresql/15/bin/pg_ctl start -w -D /var/lib/postgresql/15/main -l /var/lib/postgresql/15/main/log/pg_ctl-start.log');
    expect(start.title).toContain('log/pg_ctl-start.log inside its data directory');
    expect(step(facts(), conn(), 'manual-stop').title).toMatch(/^Stop n1 cleanly, on its host as the postgres user \(skip if it is already stopped\), and keep it stopped until the last step starts it as a standby/);
  });

  it('picks the runbook login from the source\'s privilege reading', () => {
    const able: RunbookLogin = { user: 'replicator', exists: true, superuser: false, replication: true, rewindDenied: [] };
    expect(rewindLoginOf({ ok: true, value: privileges(able) })).toEqual({ user: 'replicator', ok: true });
    expect(rewindLoginOf({ ok: true, value: privileges({ ...able, rewindDenied: ['pg_ls_dir(text, boolean, boolean)'] }) })).toEqual({ user: 'replicator', ok: false });
    expect(rewindLoginOf({ ok: true, value: privileges({ ...able, replication: false }) })).toEqual({ user: 'replicator', ok: false });
    expect(rewindLoginOf({ ok: true, value: privileges({ ...able, replication: false, superuser: true, rewindDenied: [...REWIND_FUNCTIONS] }) })).toEqual({ user: 'replicator', ok: true });
    expect(rewindLoginOf({ ok: true, value: privileges({ ...able, exists: false }) })).toEqual({ user: 'replicator', ok: false });
    expect(rewindLoginOf({ ok: false, reason: 'timeout' })).toBeUndefined();
  });

  it('reads the standbys\' replication user from their WAL receivers\' conninfo', () => {
    const standby = standbyReading('s1', { host: '127.0.0.1', port: 25431 });
    const rx = standby.receiver!;
    const views = [up(P, primaryReading()), up(S1, { ...standby, receiver: { ...rx, conninfo: "user=replicator password=******** host=127.0.0.1 port=25431 fallback_application_name=s1" } })];
    expect(replicationUser(views)).toBe('replicator');
    expect(replicationUser([up(P, primaryReading())])).toBeNull();
  });
});
