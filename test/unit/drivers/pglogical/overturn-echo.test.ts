import { describe, expect, it } from 'vitest';
import { echoVerdict, isEcho, lsnValue, OverturnLedger, type OverturnWrite } from '../../../../electron/drivers/postgres/pglogical/overturn-echo';
import type { Observation } from '../../../../electron/drivers/postgres/pglogical/observation';

const columns = ['id', 'owner', 'val', 'qty'].map((name) => ({ name, type: name === 'id' || name === 'qty' ? 'int4' : 'text' }));
const row = { id: 7, owner: 'bulk', val: 'n1-7', qty: 2 };
const write = (over: Partial<OverturnWrite> = {}): OverturnWrite => ({
  conflictId: 'pgl:abc', tableText: 'public.items', keyText: 'id=7', row, writtenOn: 'n1', lsnBefore: '0/16A0000', at: 1_000_000, commitLsn: null, ...over,
});
/** n3 logs n1's overturn: its local row came from n2. */
const echo = (over: Partial<Observation> = {}, remote: Partial<Observation['remote']> = {}): Observation =>
  ({
    loggedOn: 'n3', at: 1_001_000, table: { oid: 1, schema: 'public', name: 'items', printed: [], columns }, tableText: 'public.items', key: null, keyText: 'id=7',
    kind: 'update-update', local: { origin: 'n2', value: { ...row, val: 'n2-7' }, committedAt: 1, timeKnown: true, position: null, exact: true },
    remote: { origin: 'n1', value: { ...row }, committedAt: 2, timeKnown: true, position: '0/16A1234', exact: true, ...remote },
    kept: 'remote', outcome: 'apply_remote', rule: '', policy: 'last_update_wins', error: false, subscriptionId: 1, commitLsn: '0/16A1234', ...over,
  }) as Observation;

describe('overturn echoes', () => {
  it('compares LSNs as numbers', () => {
    expect(lsnValue('0/16A1234')! > lsnValue('0/16A0000')!).toBe(true);
    expect(lsnValue('1/0')! > lsnValue('0/FFFFFFFF')!).toBe(true);
    expect(lsnValue('x')).toBeNull();
  });

  it('recognises the row written, from the node written on, after the write', () => {
    expect(isEcho(write(), echo())).toBe(true);
    // Column order and a missing column (written as NULL) do not matter.
    expect(isEcho(write({ row: { qty: 2, val: 'n1-7', owner: 'bulk', id: 7 } }), echo())).toBe(true);
    expect(isEcho(write({ row: { id: 7, owner: 'bulk', val: 'n1-7', qty: 2 } }), echo({}, { value: { ...row, qty: null } }))).toBe(false);
  });

  it('is not fooled by another row, node, key, table, an older change or an inexact tuple', () => {
    expect(isEcho(write(), echo({}, { value: { ...row, val: 'n1-7 ' } }))).toBe(false);
    expect(isEcho(write(), echo({}, { origin: 'n2' }))).toBe(false);
    expect(isEcho(write(), echo({ keyText: 'id=70' }))).toBe(false);
    expect(isEcho(write(), echo({ tableText: 'public.items2' }))).toBe(false);
    expect(isEcho(write(), echo({ commitLsn: '0/1690000' }))).toBe(false);
    expect(isEcho(write(), echo({}, { exact: false }))).toBe(false);
    expect(isEcho(write(), echo({ error: true }))).toBe(false);
    expect(isEcho(write(), echo({ at: 1_000_000 + 11 * 60_000 }))).toBe(false);
    // Without the LSN before the write, a line logged well before it is not its echo.
    expect(isEcho(write({ lsnBefore: null }), echo({ at: 900_000 }))).toBe(false);
    expect(isEcho(write({ lsnBefore: null }), echo())).toBe(true);
  });

  it('a deletion echoes as delete/delete only', () => {
    expect(isEcho(write({ row: null }), echo({ kind: 'delete-delete' }, { value: null }))).toBe(true);
    expect(isEcho(write({ row: null }), echo())).toBe(false);
  });

  it('pins the commit LSN at the first echo: every other node logs the same commit', () => {
    const ledger = new OverturnLedger(() => 1_001_000);
    ledger.remember(write());
    expect(ledger.match(echo())?.conflictId).toBe('pgl:abc');
    expect(ledger.match(echo({ loggedOn: 'n2' }))?.conflictId).toBe('pgl:abc');
    // Somebody writing the same row again on n1 later is a new change: not ours.
    expect(ledger.match(echo({ commitLsn: '0/16B0000' }))).toBeNull();
    ledger.forget('pgl:abc');
    expect(ledger.size()).toBe(1);
  });

  it('forgets a write that failed, and writes out of the window', () => {
    let now = 1_000_000;
    const ledger = new OverturnLedger(() => now);
    ledger.remember(write());
    ledger.forget('pgl:abc');
    expect(ledger.match(echo())).toBeNull();
    ledger.remember(write());
    now += 11 * 60_000;
    expect(ledger.match(echo())).toBeNull();
    expect(ledger.size()).toBe(0);
  });

  it('settles an echo every node applied; one a node kept out stays to review, saying where', () => {
    expect(echoVerdict(write(), [echo(), echo({ loggedOn: 'n2' })])).toMatchObject({ settled: true, how: expect.stringContaining('ReplicaDesk’s own overturn replicating (written on n1 for decision pgl:abc)') });
    const lost = echoVerdict(write(), [echo(), echo({ loggedOn: 'n2', kept: 'local', outcome: 'keep_local', policy: 'first_update_wins' })]);
    expect(lost.settled).toBe(false);
    expect(lost.note).toBe('ReplicaDesk’s overturn of pgl:abc (written on n1) was not applied on n2: under first_update_wins that node kept its own row. Overturn again, or change the policy.');
  });
});
