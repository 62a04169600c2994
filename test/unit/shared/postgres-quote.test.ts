import { describe, expect, it } from 'vitest';
import { configFileValue, conninfo, conninfoValue, qualifiedName, quoteIdent, serverFormat } from '../../../shared/postgres/quote';
import { bound, describeStatement, formatted, plain, runStatement } from '../../../shared/postgres/statement';
import { fail, ok } from '../../../shared/result';

describe('shared/postgres/quote', () => {
  it('quotes identifiers like quote_ident: bare only when lower-case and not a reserved word', () => {
    expect(quoteIdent('items')).toBe('items');
    expect(quoteIdent('items" x')).toBe('"items"" x"');
    expect(quoteIdent('Items')).toBe('"Items"');
    expect(quoteIdent('user')).toBe('"user"');
    expect(quoteIdent('a.b')).toBe('"a.b"');
    expect(quoteIdent('1a')).toBe('"1a"');
    expect(quoteIdent('a$')).toBe('"a$"');
    expect(qualifiedName('public', `we'ird "T" ab.le`)).toBe(`public."we'ird ""T"" ab.le"`);
  });

  it('quotes every conninfo value by libpq rules, so no value adds a keyword', () => {
    expect(conninfoValue('127.0.0.1 port=1 sslmode=disable')).toBe("'127.0.0.1 port=1 sslmode=disable'");
    expect(conninfoValue("it's \\ here")).toBe("'it\\'s \\\\ here'");
    expect(conninfo({ host: 'h', port: 5432, user: undefined, application_name: "a'b" })).toBe("host='h' port='5432' application_name='a\\'b'");
    expect(() => conninfo({ 'host=x port': '1' })).toThrow(/not a libpq keyword/);
  });

  it('quotes config-file values with the file’s own escapes (a line break becomes \\n)', () => {
    expect(configFileValue("host='a\\b'\nx")).toBe("'host=''a\\\\b''\\nx'");
  });

  it('builds server-side format() statements from constant templates only', () => {
    expect(serverFormat('COMMIT PREPARED %L', "x'")).toEqual({ sql: "SELECT format('COMMIT PREPARED %L', $1::text) AS stmt", params: ["x'"] });
    expect(() => serverFormat("SET x = '%s'", 'v')).toThrow(/constant/);
    expect(() => serverFormat('SET x = E\\%L', 'v')).toThrow(/constant/);
  });
});

describe('shared/postgres/statement', () => {
  it('shows parameters as JSON after the exact text', () => {
    expect(describeStatement(plain('BEGIN'))).toBe('BEGIN');
    expect(describeStatement(bound('DELETE FROM t WHERE id = $1', 'a\nb'))).toBe('DELETE FROM t WHERE id = $1 -- $1 = "a\\nb"');
    expect(describeStatement(formatted('ROLLBACK PREPARED %L', 'g'))).toBe(`SELECT format('ROLLBACK PREPARED %L', $1::text) AS stmt -- $1 = "g"; then runs the statement it returns`);
  });

  it('runs a formatted statement as two queries: the format, then the returned text (never the parameter spliced)', async () => {
    const sent: [string, string[] | undefined][] = [];
    const r = await runStatement(formatted('COMMIT PREPARED %L', "g'"), async (sql, params) => {
      sent.push([sql, params]);
      return ok(sent.length === 1 ? [{ stmt: "COMMIT PREPARED 'g'''" }] : []);
    });
    expect(r).toEqual(ok({ rows: [], ran: "COMMIT PREPARED 'g'''" }));
    expect(sent).toEqual([
      ["SELECT format('COMMIT PREPARED %L', $1::text) AS stmt", ["g'"]],
      ["COMMIT PREPARED 'g'''", undefined],
    ]);
    const refused = await runStatement(formatted('COMMIT PREPARED %L', 'g'), async () => fail('42704', 'no such gid'));
    expect(refused).toMatchObject({ ok: false, code: '42704' });
  });
});
