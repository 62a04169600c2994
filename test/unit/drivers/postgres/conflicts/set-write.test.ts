import { describe, expect, it } from 'vitest';
import { setStatements } from '../../../../../electron/drivers/postgres/conflicts/set-write';

describe('set statements of a batch', () => {
  it('names the table and columns through quote.ts and takes every value as one parameter', () => {
    const t = { oid: 1, schema: 'public', name: 'items', columns: ['id', 'owner', 'val'], primaryKey: ['id'] };
    const s = setStatements(t, ['id']);
    expect(s.upsert).toBe(
      'INSERT INTO public.items SELECT * FROM jsonb_populate_recordset(NULL::public.items, $1::jsonb) ON CONFLICT (id) DO UPDATE SET owner = EXCLUDED.owner, val = EXCLUDED.val',
    );
    expect(s.del).toBe('DELETE FROM public.items t WHERE (t.id) IN (SELECT r.id FROM jsonb_populate_recordset(NULL::public.items, $1::jsonb) r)');
  });

  it('quotes hostile names and has no $2', () => {
    const t = { oid: 2, schema: 'Sales "EU"', name: 'order; DROP', columns: ['a b', 'select', 'x"y'], primaryKey: ['a b', 'select'] };
    const s = setStatements(t, ['a b', 'select']);
    expect(s.upsert).toContain('INSERT INTO "Sales ""EU"""."order; DROP" SELECT');
    expect(s.upsert).toContain('ON CONFLICT ("a b", "select") DO UPDATE SET "x""y" = EXCLUDED."x""y"');
    expect(s.del).toContain('WHERE (t."a b", t."select") IN (SELECT r."a b", r."select" FROM');
    expect(`${s.upsert} ${s.del}`).not.toContain('$2');
  });

  it('a table of key columns only does nothing on an existing key', () => {
    expect(setStatements({ oid: 3, schema: 'public', name: 'k', columns: ['id'], primaryKey: ['id'] }, ['id']).upsert).toMatch(/ON CONFLICT \(id\) DO NOTHING$/);
  });
});
