import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SettingsStore } from '../../../electron/core/settings/settings-store';
import { ownerOnlyFileCodec } from '../../../electron/core/settings/secret-store';
import { stripPassword, withPassword } from '../../../electron/core/settings/secret-split';
import { ClusterSpecSchema } from '../../../shared/model/cluster';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'rd-settings-'));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('secret splitting', () => {
  it.each([
    ['postgres://mon:s3cr%40t@db1:5432/postgres', 'postgres://mon@db1:5432/postgres', 's3cr@t'],
    ["host=db1 user=mon password='it\\'s' port=5433", 'host=db1 user=mon port=5433', "it's"],
    ['host=db1 password=plain user=mon', 'host=db1 user=mon', 'plain'],
    ['postgres://db1/postgres', 'postgres://db1/postgres', null],
  ])('strips the password out of %s', (seed, stripped, password) => {
    const got = stripPassword(seed);
    expect(got.stripped).toBe(stripped);
    expect(got.password).toBe(password);
  });
  it('round-trips a URI password', () => {
    const { stripped, password } = stripPassword('postgresql://u:p%2Fw@h/db');
    expect(withPassword(stripped, password)).toBe('postgresql://u:p%2Fw@h/db');
  });
});

describe('SettingsStore', () => {
  it('keeps passwords and tokens out of clusters.json, in a 0600 secrets file', async () => {
    const dir = tmp();
    const store = new SettingsStore(dir, ownerOnlyFileCodec);
    const pg = ClusterSpecSchema.parse({ engine: 'postgres', name: 'prod', seeds: ['postgres://mon:hunter2@db1:5432/postgres'] });
    const ag = ClusterSpecSchema.parse({ engine: 'agent', name: 'edge', agents: [{ url: 'ws://h:1', token: 'tok-123' }] });
    await store.save([{ id: 'a', spec: pg }, { id: 'b', spec: ag }]);
    const plain = readFileSync(path.join(dir, 'clusters.json'), 'utf8');
    expect(plain).not.toContain('hunter2');
    expect(plain).not.toContain('tok-123');
    expect(statSync(path.join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
    const loaded = await store.load();
    expect(loaded.clusters.map((c) => c.spec)).toEqual([pg, ag]);
  });
  it('keeps an unreadable settings file instead of overwriting it', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'clusters.json'), '{not json');
    const loaded = await new SettingsStore(dir, ownerOnlyFileCodec).load();
    expect(loaded.clusters).toEqual([]);
    expect(loaded.problems[0]).toContain('copy was kept');
  });
});
