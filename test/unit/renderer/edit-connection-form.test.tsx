import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { ApiProvider } from '../../../renderer/api/context';
import type { DeskClient } from '../../../renderer/api/types';
import { EditConnectionFields } from '../../../renderer/features/clusters/EditConnectionForm';
import { checkEditForm, editValuesOf, KEPT_MARKER, UNCHANGED_PLACEHOLDER } from '../../../renderer/features/clusters/edit-form-model';
import { splitSecrets } from '../../../electron/core/settings/secret-split';
import { mergeSecrets } from '../../../electron/core/settings/secret-merge';
import { ClusterSpecSchema, type ClusterSpec, type ClusterSpecInput } from '../../../shared/model/cluster';

const api = { invoke: async () => ({ ok: false, code: 'x', reason: 'not in this test' }) } as unknown as DeskClient;
const parse = (s: ClusterSpecInput): ClusterSpec => ClusterSpecSchema.parse(s);

const pg = parse({
  engine: 'postgres',
  name: 'orders',
  seeds: ['postgres://mon:Seed-PW@db1:5432/postgres', "host=db2 user=mon password='kv-PW'"],
  discoveryPorts: [5433],
  sampleIntervalMs: 2_000,
  agents: [{ nodeAddress: 'db1:5432', url: 'ws://db1:7070', token: 'Agent-TOK' }],
  poolers: [{ name: 'b1', host: '10.0.0.9', port: 6432, user: 'rdadmin', password: 'Pool-PW', agent: { url: 'ws://10.0.0.9:7401', token: 'Pool-TOK' } }],
  patroniUrls: ['http://admin:Patroni-PW@db1:8008'],
  aliases: { 'db1:5432': 'main' },
});
const mdb = parse({ engine: 'mariadb', name: 'shop', seeds: ['m1:3306'], auth: { user: 'rd', password: 'Mdb-PW' }, replication: { user: 'repl', password: 'Repl-PW' } });
const agent = parse({ engine: 'agent', name: 'edge', agents: [{ url: 'ws://a1:7070', token: 'Edge-TOK' }] });
const etcd = parse({ engine: 'etcd', name: 'dcs', endpoints: ['http://etcd1:2379'], auth: { username: 'root', password: 'Etcd-PW' } });
const SECRETS = /Seed-PW|kv-PW|Agent-TOK|Pool-PW|Pool-TOK|Patroni-PW|Mdb-PW|Repl-PW|Edge-TOK|Etcd-PW/;

const render = (full: ClusterSpec) =>
  renderToStaticMarkup(
    <ApiProvider client={api}>
      <EditConnectionFields clusterId="c1" spec={splitSecrets(full).redacted} onClose={() => {}} />
    </ApiProvider>,
  );
const passwordInputs = (html: string) => html.match(/<input[^>]*type="password"[^>]*>/g) ?? [];

describe('Edit connection… form', () => {
  it.each([
    ['postgres', pg, 3],
    ['mariadb', mdb, 2],
    ['agent', agent, 1],
    ['etcd', etcd, 1],
  ] as const)('%s: prefilled, engine fixed, every password and token field empty with the "unchanged" placeholder', (mode, full, secretFields) => {
    const html = render(full);
    expect(html).toContain(`data-mode="${mode}"`);
    expect(html).toContain('Save and reconnect');
    expect(html).toContain(`value="${full.name}"`);
    expect(html).not.toMatch(SECRETS);
    expect(html).not.toContain(KEPT_MARKER);
    const inputs = passwordInputs(html);
    expect(inputs).toHaveLength(secretFields);
    for (const input of inputs) {
      expect(input).toContain(`placeholder="${UNCHANGED_PLACEHOLDER}"`);
      expect(input).toMatch(/value=""/);
    }
  });

  it('shows the redacted connection strings, the interval and the pooler and agent rows', () => {
    const html = render(pg);
    expect(html).toContain('postgres://mon@db1:5432/postgres\nhost=db2 user=mon</textarea>');
    expect(html).toContain('value="2000"');
    expect(html).toContain('value="5433"');
    expect(html).toContain('value="ws://10.0.0.9:7401"');
    expect(html).toContain('value="db1:5432"');
  });

  it('sent untouched, the core puts every secret back; settings the form does not show are carried over', () => {
    for (const full of [pg, mdb, agent, etcd]) {
      const redacted = splitSecrets(full).redacted;
      const check = checkEditForm(editValuesOf(redacted), redacted);
      if (!check.ok) throw new Error(JSON.stringify(check.errors));
      expect(splitSecrets(mergeSecrets(full, check.spec))).toEqual(splitSecrets(full));
    }
  });

  it('a typed secret is sent; a cleared agent row is gone', () => {
    const redacted = splitSecrets(pg).redacted;
    const edit = editValuesOf(redacted);
    if (edit.mode !== 'postgres') throw new Error('postgres');
    const check = checkEditForm({ ...edit, values: { ...edit.values, nodeAgents: [] }, poolers: edit.poolers.map((p) => ({ ...p, password: 'typed' })) }, redacted);
    expect(check.ok && check.spec.engine === 'postgres' && [check.spec.agents, check.spec.poolers?.[0]?.password]).toEqual([undefined, 'typed']);
  });
});
