import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { checkPostgresForm, emptyAgentForm, emptyPostgresForm, issuesToFieldErrors } from '../../../renderer/features/clusters/form-model';
import { PostgresFields } from '../../../renderer/features/clusters/PostgresFields';
import { AgentFields } from '../../../renderer/features/clusters/AgentFields';
import { splitSecrets } from '../../../electron/core/settings/secret-split';
import { emptyPoolerRow } from '../../../renderer/features/clusters/pooler-form';

const form = (over: Partial<typeof emptyPostgresForm>) => ({ ...emptyPostgresForm, name: 'orders', seeds: 'postgres://monitor@10.0.0.5:5432/postgres', ...over });
const row = (nodeAddress: string, url: string, token: string) => ({ nodeAddress, url, token });

describe('the PostgreSQL form’s node agents', () => {
  it('sends filled rows as spec agents, drops wholly blank rows, and the tokens go to the secret store', () => {
    const r = checkPostgresForm(form({ nodeAgents: [row(' 10.0.0.5:5432 ', 'ws://10.0.0.5:7400', 'tok-1'), row('', '', ''), row('10.0.0.6:5432', 'wss://10.0.0.6:7400', 'tok-2')] }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.spec.engine === 'postgres' && r.spec.agents).toEqual([
      { nodeAddress: '10.0.0.5:5432', url: 'ws://10.0.0.5:7400', token: 'tok-1' },
      { nodeAddress: '10.0.0.6:5432', url: 'wss://10.0.0.6:7400', token: 'tok-2' },
    ]);
    const { redacted, secrets } = splitSecrets(r.spec);
    expect(JSON.stringify(redacted)).not.toContain('tok-');
    expect(secrets).toMatchObject({ 'pg-agent:0': 'tok-1', 'pg-agent:1': 'tok-2' });
  });

  it('without rows (or only blank ones) the spec has no agents', () => {
    for (const nodeAgents of [[], [row('', '', '')]]) {
      const r = checkPostgresForm(form({ nodeAgents }));
      expect(r.ok && r.spec.engine === 'postgres' && r.spec.agents).toBeUndefined();
    }
  });

  it('names the row of each mistake under the rows, with PostgreSQL’s example address', () => {
    const r = checkPostgresForm(form({ nodeAgents: [row('10.0.0.5:5432', 'ws://10.0.0.5:7400', 't'), row('', '', ''), row('db2', 'http://db2:7400', '')] }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.errors)).toEqual(['nodeAgents']);
    expect(r.errors.nodeAgents).toContain('agent 3: the node address is host:port, e.g. 10.0.0.5:5432');
    expect(r.errors.nodeAgents).toContain('agent 3: an agent URL starts with ws:// or wss://');
    expect(r.errors.nodeAgents).toContain('agent 3: the agent token is required');
    expect(r.errors.nodeAgents).not.toContain('agent 1');
  });

  it('refuses two agents for one node, one URL twice, and a URL that does not parse', () => {
    const dup = checkPostgresForm(form({ nodeAgents: [row('db1:5432', 'ws://a:1', 't'), row('DB1:5432', 'ws://a:1', 't')] }));
    expect(!dup.ok && dup.errors.nodeAgents).toBe('agent 2: node DB1:5432 already has agent 1 (one agent per node); agent 2: ws://a:1 is already agent 1');
    const bad = checkPostgresForm(form({ nodeAgents: [row('db1:5432', 'ws://a b:99999', 't')] }));
    expect(!bad.ok && bad.errors.nodeAgents).toBe('agent 1: "ws://a b:99999" is not a URL');
  });

  it('keeps the other fields’ and the pooler rows’ errors beside the agents’', () => {
    const r = checkPostgresForm(form({ name: '', discoveryPorts: 'x', nodeAgents: [row('db1:5432', 'ws://a:1', '')] }), [{ ...emptyPoolerRow, name: 'b1', host: 'h', port: 'sixty' }]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.nodeAgents).toBe('agent 1: the agent token is required');
    expect(r.errors.name).toBeDefined();
    expect(r.errors.discoveryPorts).toBe('"x" is not a port number');
    expect(r.rowErrors?.['0.port']).toBe('"sixty" is not a port number');
  });

  it('maps the server’s refusal of agents.N back onto the rows the user sees', () => {
    const { errors } = issuesToFieldErrors([{ path: 'agents.1.url', message: 'cannot reach' }], 'postgres', [0, 2]);
    expect(errors).toEqual({ nodeAgents: 'agent 3: cannot reach' });
  });

  it('renders the section: what the agents are for, the agent command, rows (token as a password input) and their errors', () => {
    const values = form({ nodeAgents: [row('10.0.0.5:5432', 'ws://10.0.0.5:7400', 'x'), row('10.0.0.6:5432', 'ws://10.0.0.6:7400', 'y')] });
    const html = renderToStaticMarkup(<PostgresFields values={values} onChange={() => {}} errors={{ nodeAgents: 'agent 2: boom; agent 2: bang' }} />);
    expect(html).toContain('Node agents (optional)');
    expect(html).toContain('replicadesk-agent --backend postgres --pgdata DIR --pg-conn URI');
    expect(html).toMatch(/stop and start the server, pg_rewind, standby configuration/);
    expect(html).toMatch(/switchover, failover or rejoin/);
    expect(html).toContain('Without them those steps become by-hand steps');
    expect(html).toContain('placeholder="10.0.0.5:5432"');
    expect(html).toMatch(/data-field="agentToken"[^>]*type="password"/);
    expect(html).toContain('value="ws://10.0.0.6:7400"');
    expect(html).toMatch(/<div class="node-agent" data-row="1">(?:(?!field-error).)*?<\/button><\/div>/);
    expect(html).toMatch(/<div class="node-agent has-error" data-row="2">.*<div class="field-error">boom<\/div><div class="field-error">bang<\/div>/);
    expect(html).toContain('data-field="nodeAgents" title="agent 2: boom; agent 2: bang">Fix the agents marked in red.<');
    expect(html).toContain('+ Add node agent');
  });

  it('"Connect agent…" says where node agents go instead', () => {
    const html = renderToStaticMarkup(<AgentFields values={emptyAgentForm} onChange={() => {}} errors={{}} />);
    expect(html).toContain('--backend postgres under + Add cluster (PostgreSQL) → Node agents');
  });
});
