import { describe, expect, it } from 'vitest';
import {
  displayTarget,
  nodeIdOf,
  parseConnectionString,
  withEndpoint,
} from '../../../../electron/drivers/postgres/conn-string';
import { redactConnectionString, validatePostgresSpec } from '../../../../electron/drivers/postgres/validate-spec';

function parsed(s: string) {
  const r = parseConnectionString(s);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}

function reason(s: string): string {
  const r = parseConnectionString(s);
  if (r.ok) throw new Error(`expected ${s} to be refused`);
  expect(r.code).toBe('invalid-connection-string');
  return r.reason;
}

describe('parseConnectionString', () => {
  it('reads a URI with every part, decoding %-escapes', () => {
    expect(parsed('postgresql://mon%40x:p%2Fw@db1.example.com:6543/app?sslmode=require')).toEqual({
      host: 'db1.example.com',
      port: 6543,
      user: 'mon@x',
      password: 'p/w',
      database: 'app',
      sslmode: 'require',
      sslrootcert: undefined,
    });
  });

  it('fills libpq-like defaults', () => {
    expect(parsed('postgres://10.0.0.5')).toMatchObject({ host: '10.0.0.5', port: 5432, user: 'postgres', database: 'postgres', sslmode: 'prefer' });
  });

  it('reads key=value strings with quoted values and escapes', () => {
    expect(parsed("host=10.1.1.1 port=5433 user=monitor password='it\\'s fine' dbname=x")).toMatchObject({
      host: '10.1.1.1',
      port: 5433,
      user: 'monitor',
      password: "it's fine",
      database: 'x',
    });
    expect(parsed("host=h password='a b\\'c'")).toMatchObject({ password: "a b'c" });
  });

  it('reads IPv6 hosts in URIs', () => {
    expect(parsed('postgresql://u@[::1]:5432/db').host).toBe('::1');
  });

  it('explains malformed strings', () => {
    expect(reason('postgres://u@host:notaport/db')).toMatch(/port/);
    expect(reason('host=a port=xyz')).toMatch(/port "xyz" is not a number/);
    expect(reason('host=a port=70000')).toMatch(/out of range/);
    expect(reason('host=a prot=5')).toMatch(/"prot" is not a connection option/);
    expect(reason("host='unterminated")).toMatch(/not closed/);
    expect(reason('just some words')).toMatch(/key=value/);
    expect(reason('   ')).toMatch(/empty/);
    expect(reason('host=a sslmode=sometimes')).toMatch(/sslmode "sometimes"/);
    expect(reason('postgresql://a:5432,b:5432/db')).toMatch(/own seed/);
    expect(reason('host=a,b')).toMatch(/own seed/);
  });
});

describe('node ids and display', () => {
  it('uses host:port, lowercase, localhost as 127.0.0.1, brackets for IPv6', () => {
    expect(nodeIdOf('DB1.Example.com.', 5432)).toBe('db1.example.com:5432');
    expect(nodeIdOf('localhost', 5433)).toBe('127.0.0.1:5433');
    expect(nodeIdOf('::1', 5432)).toBe('[::1]:5432');
  });

  it('never shows the password', () => {
    const t = parsed('postgresql://admin:s3cret@db:5432/app?sslmode=verify-full');
    const shown = displayTarget(t);
    expect(shown).toBe('postgresql://admin@db:5432/app?sslmode=verify-full');
    expect(shown).not.toContain('s3cret');
  });

  it('keeps the login when moving to another endpoint', () => {
    const t = withEndpoint(parsed('postgresql://admin:pw@db:5432/app'), '10.0.0.9', 5433);
    expect(t).toMatchObject({ host: '10.0.0.9', port: 5433, user: 'admin', password: 'pw', database: 'app' });
  });
});

describe('validatePostgresSpec', () => {
  it('accepts good seeds and names the bad one without its password', () => {
    expect(validatePostgresSpec({ seeds: ['postgresql://a@h1/x', 'host=h2 port=5433'] })).toEqual({ ok: true, value: undefined });
    const r = validatePostgresSpec({ seeds: ['postgresql://a@h1/x', 'postgresql://admin:topsecret@h2:port/x'] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe('invalid-connection-string');
    expect(r.reason).toMatch(/^seed 2/);
    expect(r.reason).not.toContain('topsecret');
  });

  it('redacts passwords in both syntaxes', () => {
    expect(redactConnectionString('postgres://u:pw@h/db')).toBe('postgres://u:***@h/db');
    expect(redactConnectionString("host=h password='a b' user=u")).toBe('host=h password=*** user=u');
  });
});
