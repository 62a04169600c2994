import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { checkMariadbForm, emptyMariadbForm, issuesToFieldErrors } from '../../../renderer/features/clusters/form-model';
import { MariadbFields } from '../../../renderer/features/clusters/MariadbFields';
import { splitSecrets } from '../../../electron/core/settings/secret-split';

const form = (over: Partial<typeof emptyMariadbForm>) => ({ ...emptyMariadbForm, name: 'gal', seeds: '10.0.0.5:3306', username: 'replicadesk', password: 's3cret', ...over });
const row = (nodeAddress: string, url: string, token: string) => ({ nodeAddress, url, token });

describe('the MariaDB form’s node agents', () => {
  it('sends filled rows as spec agents, drops wholly blank rows, and the token goes to the secret store', () => {
    const r = checkMariadbForm(form({ nodeAgents: [row(' 10.0.0.5:3306 ', 'ws://10.0.0.5:7401', 'tok-1'), row('', '', ''), row('10.0.0.6:3306', 'wss://10.0.0.6:7401', 'tok-2')] }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.spec.engine === 'mariadb' && r.spec.agents).toEqual([
      { nodeAddress: '10.0.0.5:3306', url: 'ws://10.0.0.5:7401', token: 'tok-1' },
      { nodeAddress: '10.0.0.6:3306', url: 'wss://10.0.0.6:7401', token: 'tok-2' },
    ]);
    const { redacted, secrets } = splitSecrets(r.spec);
    expect(JSON.stringify(redacted)).not.toContain('tok-');
    expect(secrets).toMatchObject({ 'mdb-agent:0': 'tok-1', 'mdb-agent:1': 'tok-2' });
  });

  it('without rows the spec has no agents', () => {
    const r = checkMariadbForm(form({ nodeAgents: [row('', '', '')] }));
    expect(r.ok && r.spec.engine === 'mariadb' && r.spec.agents).toBeUndefined();
  });

  it('names the row of each mistake under the rows: address, URL, token', () => {
    const r = checkMariadbForm(form({ nodeAgents: [row('10.0.0.5:3306', 'ws://10.0.0.5:7401', 't'), row('', '', ''), row('db2', 'http://db2:7401', '')] }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.errors)).toEqual(['nodeAgents']);
    expect(r.errors.nodeAgents).toContain('agent 3: the node address is host:port, e.g. 10.0.0.5:3306');
    expect(r.errors.nodeAgents).toContain('agent 3: an agent URL starts with ws:// or wss://');
    expect(r.errors.nodeAgents).toContain('agent 3: the agent token is required');
    expect(r.errors.nodeAgents).not.toContain('agent 1');
  });

  it('refuses two agents for one node, one URL twice, and a URL that does not parse', () => {
    const dup = checkMariadbForm(form({ nodeAgents: [row('db1:3306', 'ws://a:1', 't'), row('DB1:3306', 'ws://a:1', 't')] }));
    expect(!dup.ok && dup.errors.nodeAgents).toBe('agent 2: node DB1:3306 already has agent 1 (one agent per node); agent 2: ws://a:1 is already agent 1');
    const bad = checkMariadbForm(form({ nodeAgents: [row('db1:3306', 'ws://a b:99999', 't')] }));
    expect(!bad.ok && bad.errors.nodeAgents).toBe('agent 1: "ws://a b:99999" is not a URL');
  });

  it('maps the server’s refusal of agents.N back onto the rows the user sees', () => {
    const { errors } = issuesToFieldErrors([{ path: 'agents.1.url', message: 'cannot reach' }], 'mariadb', [0, 2]);
    expect(errors).toEqual({ nodeAgents: 'agent 3: cannot reach' });
  });

  it('renders the rows (token as a password input) and their error', () => {
    const html = renderToStaticMarkup(
      <MariadbFields values={form({ nodeAgents: [row('db1:3306', 'ws://db1:7401', 'x'), row('db2:3306', 'ws://db2:7401', 'y')] })} onChange={() => {}} errors={{ nodeAgents: 'agent 2: boom; agent 2: bang' }} />,
    );
    expect(html).toContain('Node agents (optional)');
    expect(html).toContain('--backend mariadb --error-log FILE');
    expect(html).toMatch(/data-field="agentToken"[^>]*type="password"/);
    expect(html).toContain('value="ws://db1:7401"');
    // Each mistake under its own row (that row marked), the list's line only pointing at them.
    expect(html).toMatch(/<div class="node-agent" data-row="1">(?:(?!field-error).)*?<\/button><\/div>/);
    expect(html).toMatch(/<div class="node-agent has-error" data-row="2">.*<div class="field-error">boom<\/div><div class="field-error">bang<\/div>/);
    expect(html).toContain('data-field="nodeAgents" title="agent 2: boom; agent 2: bang">Fix the agents marked in red.<');
    const listWide = renderToStaticMarkup(<MariadbFields values={form({})} onChange={() => {}} errors={{ nodeAgents: 'too many agents' }} />);
    expect(listWide).toContain('>too many agents<');
    expect(html).toContain('+ Add node agent');
  });
});
