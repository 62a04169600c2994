import { describe, expect, it } from 'vitest';
import { rewriteDatabaseEntry } from '../../../agent/pgbouncer/ini-rewrite';

const INI = [
  '; comment with appdb = host=evil',
  '[databases]',
  'appdb = host=127.0.0.1 port=5432 dbname=postgres pool_size=10',
  'other=host=10.0.0.9 port=6432 dbname=x',
  '',
  '[pgbouncer]\r',
  'appdb = not a database line\r',
  'listen_port = 6432',
].join('\n');

describe('rewriteDatabaseEntry', () => {
  it('changes only host and port of the named entry; every other byte stays', () => {
    const r = rewriteDatabaseEntry(INI, { database: 'appdb', host: '10.0.0.7', port: 5433 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const before = INI.split('\n');
    const after = r.value.text.split('\n');
    expect(after).toHaveLength(before.length);
    expect(after[2]).toBe('appdb = host=10.0.0.7 port=5433 dbname=postgres pool_size=10');
    after.forEach((line, i) => i !== 2 && expect(line).toBe(before[i]));
  });

  it('adds host and port when the entry has none', () => {
    const r = rewriteDatabaseEntry('[databases]\nx = dbname=y\n', { database: 'x', host: 'db2', port: 5432 });
    expect(r.ok && r.value.text).toBe('[databases]\nx = dbname=y host=db2 port=5432\n');
  });

  it.each([
    [{ database: 'appdb', host: '127.0.0.1 dbname=evil', port: 5432 }, 'bad-input'],
    [{ database: 'appdb', host: "h'", port: 5432 }, 'bad-input'],
    [{ database: 'appdb', host: 'h\n[pgbouncer]', port: 5432 }, 'bad-input'],
    [{ database: 'app db', host: 'h', port: 5432 }, 'bad-input'],
    [{ database: 'appdb', host: 'h', port: 70_000 }, 'bad-input'],
    [{ database: 'appdb', host: 'h', port: 1.5 }, 'bad-input'],
    [{ database: 'missing', host: 'h', port: 5432 }, 'no-entry'],
  ])('refuses %j', (target, code) => {
    const r = rewriteDatabaseEntry(INI, target);
    expect(r.ok ? 'ok' : r.code).toBe(code);
  });

  it('refuses entries it cannot rewrite safely: quoted values, duplicates', () => {
    const quoted = rewriteDatabaseEntry("[databases]\na = host=h password='x y'\n", { database: 'a', host: 'h2', port: 1 });
    expect(quoted.ok ? 'ok' : quoted.code).toBe('unsupported-entry');
    const twice = rewriteDatabaseEntry('[databases]\na = host=h\na = host=i\n', { database: 'a', host: 'h2', port: 1 });
    expect(twice.ok ? 'ok' : twice.code).toBe('ambiguous-entry');
  });
});
