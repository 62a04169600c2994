import { describe, expect, it } from 'vitest';
import type { ApplyConflict } from '../../../../../electron/drivers/postgres/conflicts/apply-conflict';
import { planResolution } from '../../../../../electron/drivers/postgres/conflicts/resolve-plan';

const local = { id: 1, owner: 'b', val: 'from-b', qty: 5 };
const incoming = { id: 1, owner: 'a', val: 'from-a', qty: 1 };
const insert = (id: string, owner: string) => ({ relation: { relid: 16400, namespace: 'public', name: 'items' }, table: 'public.items', op: 'insert' as const, keyColumns: ['id', 'owner', 'val', 'qty'], row: { id, owner, val: null, qty: '1' }, oldRow: null });

/** How a plan shows a statement built on the server (format %I/%L with bind parameters). */
const onServer = (template: string, ...args: string[]) =>
  `SELECT format('${template}'${args.map((_, i) => `, $${i + 1}::text`).join('')}) AS stmt -- ${args.map((a, i) => `$${i + 1} = ${JSON.stringify(a)}`).join(', ')}; then runs the statement it returns`;
const SKIP = onServer('ALTER SUBSCRIPTION %I SKIP (lsn = %L)', 'sub_b_from_a', '0/10');
const publish = (list: string) => onServer('ALTER PUBLICATION %I SET (publish = %L)', 'pub_b', list);

function conflict(over: Partial<ApplyConflict> = {}): ApplyConflict {
  const failed = insert('1', 'a');
  return {
    id: 'pg:b:sub:0/10',
    subscriberId: '127.0.0.1:5433',
    subscription: { oid: 1, name: 'sub_b_from_a', enabled: false, disableOnError: true, skipLsn: null, slotName: 'sub_b_from_a', publications: ['pub_a'], applyErrors: 1, workerPid: null, receivedLsn: null, retryIntervalMs: 5000 },
    error: null,
    transaction: { xid: 730, finalLsn: '0/10', commitTimeMs: 1, origin: null, changes: [failed, insert('2', 'a')] },
    failed,
    table: { oid: 16500, schema: 'public', name: 'items' },
    key: { columns: ['id'], values: ['1'] },
    finishLsn: '0/10',
    local: { value: local, committedAt: 1 },
    incoming,
    publisherId: '127.0.0.1:5432',
    deletePublications: [{ name: 'pub_b', publish: ['insert', 'update', 'delete', 'truncate'] }],
    kind: 'insert-insert',
    notes: [],
    detectedAt: 1,
    ...over,
  };
}

describe('PostgreSQL resolution plans', () => {
  it('keeps local with SKIP at the finish LSN, listing the other change it drops', () => {
    const p = planResolution(conflict(), { ...local });
    if (!p.ok) throw new Error(p.reason);
    expect(p.value.mode).toBe('keep-local');
    expect(p.value.statements).toEqual(['BEGIN', SKIP, 'ALTER SUBSCRIPTION sub_b_from_a ENABLE', 'COMMIT']);
    expect(p.value.skipped).toEqual([{ table: 'public.items', op: 'insert', key: 'id=2', value: { id: '2', owner: 'a', val: null, qty: '1' } }]);
  });

  it('takes remote by deleting the local row unpublished, then ENABLE (nothing skipped)', () => {
    const p = planResolution(conflict(), { qty: 1, val: 'from-a', owner: 'a', id: 1 });
    if (!p.ok) throw new Error(p.reason);
    expect(p.value.mode).toBe('take-remote');
    expect(p.value.statements).toEqual([
      'BEGIN',
      publish('insert, update, truncate'),
      'DELETE FROM public.items WHERE id = $1 -- $1 = "1"',
      publish('insert, update, delete, truncate'),
      'ALTER SUBSCRIPTION sub_b_from_a ENABLE',
      'COMMIT',
    ]);
    expect(p.value.skipped).toEqual([]);
  });

  it('writes any other value typed by the table (upsert on the key), then SKIP and ENABLE; the value is a bind parameter', () => {
    const p = planResolution(conflict(), { id: 1, owner: 'b', val: "it's", qty: 3 });
    if (!p.ok) throw new Error(p.reason);
    expect(p.value.mode).toBe('write-value');
    expect(p.value.statements[1]).toBe(
      `INSERT INTO public.items SELECT * FROM jsonb_populate_record(NULL::public.items, $1::jsonb) ON CONFLICT (id) DO UPDATE SET owner = EXCLUDED.owner, val = EXCLUDED.val, qty = EXCLUDED.qty -- $1 = ${JSON.stringify('{"id":1,"owner":"b","val":"it\'s","qty":3}')}`,
    );
    expect(p.value.statements.slice(2)).toEqual([SKIP, 'ALTER SUBSCRIPTION sub_b_from_a ENABLE', 'COMMIT']);
    const del = planResolution(conflict(), null);
    expect(del.ok && del.value.statements[1]).toBe('DELETE FROM public.items WHERE id = $1 -- $1 = "1"');
  });

  it('needs no ENABLE on a subscription still enabled (no disable_on_error): the next retry applies it', () => {
    const base = conflict();
    const retrying = conflict({ subscription: { ...base.subscription, enabled: true, disableOnError: false, applyErrors: 7 } });
    const kept = planResolution(retrying, { ...local });
    if (!kept.ok) throw new Error(kept.reason);
    expect(kept.value.statements).toEqual(['BEGIN', SKIP, 'COMMIT']);
    expect(kept.value.note).toMatch(/no ENABLE needed.*at its next retry, within wal_retrieve_retry_interval \(5000 ms here\)/);
    const taken = planResolution(retrying, { ...incoming });
    if (!taken.ok) throw new Error(taken.reason);
    expect(taken.value.statements).not.toContain('ALTER SUBSCRIPTION sub_b_from_a ENABLE');
    expect(taken.value.statements.at(-2)).toBe(publish('insert, update, delete, truncate'));
    expect(taken.value.note).toMatch(/at its next retry/);
    const written = planResolution(retrying, { ...local, val: 'merged' });
    expect(written.ok && written.value.statements.slice(2)).toEqual([SKIP, 'COMMIT']);
  });

  it('fails as data when it cannot do what is asked', () => {
    expect(planResolution(conflict({ key: null }), local)).toMatchObject({ ok: false, code: 'details-unknown' });
    expect(planResolution(conflict({ finishLsn: null }), local)).toMatchObject({ ok: false, code: 'details-unknown' });
    expect(planResolution(conflict({ kind: 'apply-error' }), incoming)).toMatchObject({ ok: false, code: 'not-supported' });
    expect(planResolution(conflict(), [1, 2])).toMatchObject({ ok: false, code: 'invalid-choice' });
  });
});
