import { describe, expect, it } from 'vitest';
import { checkPostgresForm, emptyPostgresForm } from '../../../renderer/features/clusters/form-model';
import { checkPoolerRows, emptyPoolerRow, poolerIssuesToRowErrors, type PoolerRowValues } from '../../../renderer/features/clusters/pooler-form';

const good: PoolerRowValues = { ...emptyPoolerRow, name: 'bouncer1', host: '10.0.0.9', port: '6432', user: 'rdadmin', password: 's3cret', agentUrl: 'wss://10.0.0.9:7401', agentToken: 'tok' };
const pgForm = { ...emptyPostgresForm, name: 'orders', seeds: 'postgres://monitor@10.0.0.5:5432/postgres' };

describe('PgBouncer pooler rows of the Add PostgreSQL cluster form', () => {
  it('turns a complete row into a pooler spec (agent included) and the cluster spec carries it', () => {
    const check = checkPostgresForm(pgForm, [good]);
    expect(check.ok).toBe(true);
    if (!check.ok || check.spec.engine !== 'postgres') throw new Error('expected a postgres spec');
    expect(check.spec.poolers).toEqual([{ name: 'bouncer1', host: '10.0.0.9', port: 6432, user: 'rdadmin', password: 's3cret', agent: { url: 'wss://10.0.0.9:7401', token: 'tok' }, pauseTimeoutMs: 2_000 }]);
  });

  it('leaves the agent out when URL and token are both blank, and poolers out when there are no rows', () => {
    const r = checkPoolerRows([{ ...good, agentUrl: '', agentToken: '' }]);
    expect(r.errors).toEqual({});
    expect(r.poolers[0]).not.toHaveProperty('agent');
    const check = checkPostgresForm(pgForm, []);
    expect(check.ok && check.spec.engine === 'postgres' && check.spec.poolers).toBeUndefined();
  });

  it('puts each problem on its own input of its own row', () => {
    const r = checkPoolerRows([good, { ...emptyPoolerRow, name: ' ', host: 'bad host!', port: 'abc', user: '' }]);
    expect(r.errors).toEqual({
      '1.name': 'give the pooler a name',
      '1.host': 'a host name or IP address',
      '1.port': '"abc" is not a port number',
      '1.user': 'the admin user is required',
    });
    expect(r.poolers).toHaveLength(1);
  });

  it('refuses a port out of range, a blank port, and a non-ws agent URL', () => {
    expect(checkPoolerRows([{ ...good, port: '70000' }]).errors).toEqual({ '0.port': 'a port from 1 to 65535' });
    expect(checkPoolerRows([{ ...good, port: ' ' }]).errors['0.port']).toMatch(/required/);
    expect(checkPoolerRows([{ ...good, agentUrl: 'http://10.0.0.9:7401' }]).errors).toEqual({ '0.agentUrl': 'an agent URL starts with ws:// or wss://' });
  });

  it('asks for the other half of the agent: URL without token, token without URL', () => {
    expect(checkPoolerRows([{ ...good, agentToken: '' }]).errors).toEqual({ '0.agentToken': 'the agent token is required' });
    expect(checkPoolerRows([{ ...good, agentUrl: '' }]).errors['0.agentUrl']).toMatch(/agent URL that goes with the token/);
  });

  it('refuses two rows for the same host:port (they would be one pooler)', () => {
    const r = checkPoolerRows([good, { ...good, name: 'again' }]);
    expect(r.errors).toEqual({ '1.port': 'pooler 1 already uses 10.0.0.9:6432' });
  });

  it('fails the whole form with row errors, and keeps the other fields’ errors beside them', () => {
    const check = checkPostgresForm({ ...pgForm, name: '' }, [{ ...good, user: '' }]);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.rowErrors).toEqual({ '0.user': 'the admin user is required' });
    expect(check.errors.name).toBeDefined();
  });

  it('maps the server’s issues at poolers.<i>.<field> onto the rows', () => {
    expect(poolerIssuesToRowErrors([{ path: 'poolers.2.agent.token', message: 'x' }, { path: 'poolers.0.host', message: 'y' }, { path: 'name', message: 'z' }])).toEqual({ '2.agentToken': 'x', '0.host': 'y' });
  });
});
