import { describe, expect, it } from 'vitest';
import {
  checkAgentForm,
  checkPostgresForm,
  emptyAgentForm,
  emptyPostgresForm,
  issuesToFieldErrors,
} from '../../../renderer/features/clusters/form-model';

describe('PostgreSQL form', () => {
  it('names every failing field, with the shared schema messages', () => {
    const check = checkPostgresForm({ ...emptyPostgresForm, sampleIntervalMs: '100', discoveryPorts: '5433, abc' });
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.errors.name).toBe('give the cluster a name');
    expect(check.errors.seeds).toBe('add at least one connection string');
    expect(check.errors.sampleIntervalMs).toBe('the sample interval must be at least 250 ms');
    expect(check.errors.discoveryPorts).toBe('"abc" is not a port number');
  });

  it('builds a spec: one seed per line, ports, MB → bytes, blanks take the defaults', () => {
    const check = checkPostgresForm({
      ...emptyPostgresForm,
      name: ' orders ',
      seeds: 'postgres://m@10.0.0.5:5432/postgres\n\n  host=10.0.0.6 port=5433  \n',
      discoveryPorts: '5433 5434,5435',
      lagThresholdMb: '1.5',
      lagThresholdMs: '',
    });
    expect(check.ok).toBe(true);
    if (!check.ok || check.spec.engine !== 'postgres') return;
    expect(check.spec.name).toBe('orders');
    expect(check.spec.seeds).toEqual(['postgres://m@10.0.0.5:5432/postgres', 'host=10.0.0.6 port=5433']);
    expect(check.spec.discoveryPorts).toEqual([5433, 5434, 5435]);
    expect(check.spec.lagThresholdBytes).toBe(1_572_864);
    expect(check.spec.lagThresholdMs).toBe(10_000);
    expect(check.spec.sampleIntervalMs).toBe(1_000);
  });

  it('refuses a port out of range and a threshold that is not a number', () => {
    const check = checkPostgresForm({ ...emptyPostgresForm, name: 'x', seeds: 'postgres://h', discoveryPorts: '70000', lagThresholdMs: 'soon' });
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.errors.discoveryPorts).toMatch(/^line 1: /);
    expect(check.errors.lagThresholdMs).toBe('"soon" is not a number');
  });
});

describe('agent form', () => {
  it('checks every URL line and the token', () => {
    const check = checkAgentForm({ ...emptyAgentForm, name: 'edge', agents: 'ws://10.0.0.5:7070\nhttp://10.0.0.6:7070' });
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.errors.agents).toBe('line 2: an agent URL starts with ws:// or wss://');
    expect(check.errors.token).toBe('the agent token is required');
  });

  it('builds one endpoint per URL with the shared token', () => {
    const check = checkAgentForm({ name: 'edge', agents: 'ws://a:1\nwss://b:2', token: 's3cret', sampleIntervalMs: '500' });
    expect(check.ok && check.spec).toMatchObject({
      engine: 'agent',
      agents: [{ url: 'ws://a:1', token: 's3cret' }, { url: 'wss://b:2', token: 's3cret' }],
      sampleIntervalMs: 500,
      sandbox: false,
    });
  });
});

describe('issuesToFieldErrors', () => {
  it('maps server issue paths to fields and keeps the rest as a general error', () => {
    const { errors, general } = issuesToFieldErrors([
      { path: 'seeds.1', message: 'cannot parse host' },
      { path: 'timeouts.connectTimeoutMs', message: 'too small' },
    ]);
    expect(errors.seeds).toBe('line 2: cannot parse host');
    expect(general).toBe('timeouts.connectTimeoutMs: too small');
  });
});
