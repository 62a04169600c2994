import { describe, expect, it } from 'vitest';
import { classifyPgError, withoutAddress } from '../../../../electron/drivers/postgres/errors';
import { permissionAdvice, privilegesFor } from '../../../../electron/drivers/postgres/permission-advice';

const ctx = { address: '127.0.0.1:35055', user: 'mon', database: 'postgres', sslmode: 'disable' };
const denied = (message: string, over: { routine?: string } = {}) => Object.assign(new Error(message), { code: '42501', ...over });
const UPSERT = `INSERT INTO public.items SELECT * FROM jsonb_populate_record(NULL::public.items, $1::jsonb) ON CONFLICT ("id") DO UPDATE SET "val" = EXCLUDED."val"`;

describe('a refused statement is answered with the privilege it needed (trial 14 finding 6)', () => {
  it.each([
    [UPSERT, ['SELECT', 'INSERT', 'UPDATE']],
    ['INSERT INTO public.items VALUES ($1)', ['INSERT']],
    ['UPDATE public.items SET val = $1 WHERE id = $2', ['SELECT', 'UPDATE']],
    ['DELETE FROM "public"."items" WHERE "id" = $1', ['SELECT', 'DELETE']],
    ['SELECT * FROM items WHERE id = $1', ['SELECT']],
    ['SELECT * FROM items WHERE id = $1 FOR UPDATE', ['SELECT', 'UPDATE']],
    ['BEGIN', null],
  ])('%s needs %j', (sql, want) => {
    expect(privilegesFor(sql)).toEqual(want);
  });

  it('an overturn upsert refused for a monitor login asks for INSERT and UPDATE (and SELECT) on the schema-qualified table, not SELECT alone', () => {
    const f = classifyPgError(denied('permission denied for table items'), { ...ctx, statement: UPSERT });
    expect(f.code).toBe('permission-denied');
    expect(f.reason).toContain('GRANT SELECT, INSERT, UPDATE ON public.items TO "mon"; (what the refused INSERT … ON CONFLICT DO UPDATE needs)');
    expect(f.reason).not.toContain('GRANT SELECT ON it');
  });

  it('a refused read asks for SELECT; a quoted table is named as our statement quotes it; another table than ours is named bare', () => {
    expect(permissionAdvice({ message: 'permission denied for table items', statement: 'SELECT val FROM public.items WHERE id = $1' }, 'mon')).toBe('GRANT SELECT ON items TO "mon"; (what the refused SELECT needs)');
    expect(permissionAdvice({ message: 'permission denied for table Odd Name', statement: 'DELETE FROM "s"."Odd Name" WHERE "id" = $1' }, 'mon')).toBe(
      'GRANT SELECT, DELETE ON "s"."Odd Name" TO "mon"; (what the refused DELETE needs)',
    );
    expect(permissionAdvice({ message: 'permission denied for table audit', statement: 'UPDATE public.items SET val = 1 WHERE id = 2' }, 'mon')).toBe('GRANT SELECT, UPDATE ON audit TO "mon"; (what the refused UPDATE needs)');
  });

  it('without the statement it names no privilege it cannot know; a schema needs USAGE', () => {
    const a = permissionAdvice({ message: 'permission denied for table items' }, 'mon');
    expect(a).not.toMatch(/GRANT SELECT ON it/);
    expect(a).toContain('SELECT to read; INSERT, UPDATE, DELETE to write');
    expect(permissionAdvice({ message: 'permission denied for schema pglogical', statement: 'SELECT 1 FROM pglogical.node' }, 'mon')).toBe('GRANT USAGE ON SCHEMA pglogical TO "mon";');
  });

  it('the ALTER SYSTEM hint includes pg_reload_conf(), without which the new value does not take effect (finding 14)', () => {
    const a = permissionAdvice({ message: 'permission denied to set parameter "pglogical.conflict_resolution"', routine: 'AlterSystemSetConfigFile' }, 'mon');
    expect(a).toContain('GRANT ALTER SYSTEM ON PARAMETER pglogical.conflict_resolution TO "mon";');
    expect(a).toContain('GRANT EXECUTE ON FUNCTION pg_reload_conf() TO "mon";');
  });

  it('a reason quoted after a sentence naming the node loses its repeated address (finding 14)', () => {
    const f = classifyPgError(denied('permission denied for table items'), { ...ctx, statement: UPSERT });
    const quoted = `127.0.0.1:35055 refused INSERT INTO public.items…, and nothing was changed: ${withoutAddress(f.reason, ctx.address)}`;
    expect(quoted.match(/127\.0\.0\.1:35055/g)).toHaveLength(1);
    expect(withoutAddress('127.0.0.1:1: x', '127.0.0.1:2')).toBe('127.0.0.1:1: x');
  });
});
