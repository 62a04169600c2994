import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConflictLine } from '../../../../electron/drivers/postgres/pglogical/conflict-log';
import { splitTuple } from '../../../../electron/drivers/postgres/pglogical/tuple-text';

/** Raw lines pglogical 2.4.2 wrote on a real 3-node mesh (scripts/pglogical-capture.ts). */
function fixture(resolution: string): { node: string; raw: string }[] {
  const file = path.join(__dirname, '../../../fixtures/pglogical', `${resolution}.jsonl`);
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const o = JSON.parse(l) as { node: string; line: unknown };
      return { node: o.node, raw: JSON.stringify(o.line) };
    });
}

const COLUMNS = [
  { name: 'id', type: 'int4' },
  { name: 'owner', type: 'text' },
  { name: 'val', type: 'text' },
  { name: 'qty', type: 'int4' },
];

describe('pglogical conflict lines (measured on 2.4.2)', () => {
  it('reads every kind under last_update_wins with both sides', () => {
    const lines = fixture('last_update_wins').map((f) => ({ node: f.node, c: parseConflictLine(f.raw) }));
    expect(lines.every((l) => l.c !== null)).toBe(true);
    const n1 = lines.filter((l) => l.node === 'n1').map((l) => l.c!);
    const uu = n1.find((c) => c.op === 'UPDATE' && !c.notFound)!;
    expect(uu.relationText).toBe('public.items');
    expect(uu.outcome).toBe('apply_remote');
    expect(uu.local?.origin).toBe(0);
    expect(uu.remote?.origin).toBe(1);
    expect(uu.remote!.committedAt).toBeGreaterThan(uu.local!.committedAt);
    expect(uu.commitLsn).toMatch(/^0\/[0-9A-F]+$/);
    expect(uu.subscriptionId).toBeGreaterThan(0);
    expect(splitTuple(uu.local!.text, COLUMNS)).toEqual({ values: { id: '1', owner: 'seed', val: 'uu-n1', qty: '11' }, exact: true });
    expect(splitTuple(uu.remote!.text, COLUMNS)?.values.val).toBe('uu-n2');
    const dd = n1.find((c) => c.op === 'DELETE')!;
    expect(dd.notFound).toBe(true);
    expect(dd.outcome).toBe('skip');
    expect(dd.local).toBeNull();
    expect(splitTuple(dd.remote!.text, COLUMNS)?.values).toEqual({ id: '4', owner: null, val: null, qty: null });
    const ud = lines.map((l) => l.c!).find((c) => c.op === 'UPDATE' && c.notFound)!;
    expect(ud.relationText).toBe('public.items');
    expect(splitTuple(ud.remote!.text, COLUMNS)?.values.val).toBe('ud-n1');
  });

  it('reads the outcome, not the policy: first_update_wins keeps local on n1', () => {
    const n1 = fixture('first_update_wins').filter((f) => f.node === 'n1').map((f) => parseConflictLine(f.raw)!);
    expect(n1.find((c) => c.op === 'INSERT')?.outcome).toBe('keep_local');
  });

  it('reads the error resolution from the context', () => {
    const e = fixture('error').map((f) => parseConflictLine(f.raw));
    expect(e.every((c) => c?.severity === 'ERROR' && c.outcome === null && c.op === 'UPDATE' && c.relationText === 'public.items')).toBe(true);
    expect(e[0]?.remote?.origin).toBeGreaterThan(0);
  });

  it('ignores other lines and bad input', () => {
    expect(parseConflictLine('{"message":"checkpoint starting"}')).toBeNull();
    expect(parseConflictLine('not json CONFLICT')).toBeNull();
    expect(parseConflictLine(JSON.stringify({ message: 'CONFLICT: remote UPDATE on relation x. Resolution: skip.', detail: 'garbage' }))?.remote).toBeNull();
  });

  it('flags an ambiguous split when a value holds the next separator', () => {
    const t = splitTuple('id[int4]:1 owner[text]:a val[text]:x qty[int4]:1 val[text]:y qty[int4]:2', COLUMNS);
    expect(t?.exact).toBe(false);
    expect(splitTuple('nope', COLUMNS)).toBeNull();
  });
});
