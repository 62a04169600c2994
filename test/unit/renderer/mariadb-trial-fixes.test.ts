import { describe, expect, it } from 'vitest';
import type { ReplicationLink } from '../../../shared/model/link';
import { cellText, formatTransactions } from '../../../renderer/features/lag/LinkRow';
import { visibleColumns } from '../../../renderer/features/lag/LinkTable';
import { measuredStages } from '../../../renderer/features/lag/LinkDetail';
import { formatBytes, formatMs } from '../../../renderer/lib/format';
import { nodeSections } from '../../../renderer/features/nodes/describe';
import { lagEdgeText } from '../../../renderer/features/topology/LagEdgeLabel';
import { link } from './fixtures';

/** As the MariaDB driver reports a link: replay bytes and time only, and the GTID distance. */
function mdbLink(from: string, to: string, behind: number | null, over: Partial<ReplicationLink> = {}): ReplicationLink {
  const l = link(from, to, 6_200);
  return {
    ...l,
    lag: { ...l.lag, bytes: { sent: null, write: null, flush: null, replay: 6_200 }, ms: { write: null, flush: null, replay: 3_000 }, transactions: behind === null ? null : { behind, perDomain: { '0': behind } } },
    ...over,
  };
}

describe('link table columns (F6, F7)', () => {
  it('PostgreSQL links keep every byte and time column and have no transaction column', () => {
    expect(visibleColumns([link('a', 'b'), link('a', 'c')])).toEqual(['sent', 'write', 'flush', 'replay', 'msWrite', 'msFlush', 'msReplay']);
    expect(visibleColumns([])).toEqual(['sent', 'write', 'flush', 'replay', 'msWrite', 'msFlush', 'msReplay']);
  });

  it('MariaDB links: no Sent/Write/Flush columns (null on every link), a transactions column instead', () => {
    expect(visibleColumns([mdbLink('a', 'b', 20), mdbLink('a', 'c', null)])).toEqual(['replay', 'trx', 'msReplay']);
    // Only one link of the cluster with a stage figure: the column stays, for all.
    const mixed = [mdbLink('a', 'b', 20), { ...link('a', 'c'), lag: { ...link('a', 'c').lag, bytes: { sent: null, write: 5, flush: null, replay: 1 } } }];
    expect(visibleColumns(mixed)).toEqual(['write', 'replay', 'trx', 'msWrite', 'msFlush', 'msReplay']);
  });

  it('cells say "20 trx", and "—" where the count was not read or the engine has none', () => {
    expect(cellText(mdbLink('a', 'b', 20).lag, 'trx')).toBe('20 trx');
    expect(cellText(mdbLink('a', 'b', 0).lag, 'trx')).toBe('0 trx');
    expect(cellText(mdbLink('a', 'b', null).lag, 'trx')).toBe('—');
    expect(formatTransactions(undefined)).toBe('—');
    expect(cellText(mdbLink('a', 'b', 1).lag, 'sent')).toBe('—');
    expect(cellText(mdbLink('a', 'b', 1).lag, 'msFlush')).toBe('—');
  });
});

describe('topology edge label with the GTID distance (F6)', () => {
  it('puts the transactions first, after the state when not streaming; unchanged without a count', () => {
    expect(lagEdgeText(mdbLink('a', 'b', 20))).toMatch(/^20 trx · .+ · .+$/);
    expect(lagEdgeText(mdbLink('a', 'b', 20, { state: 'stopped' }))).toMatch(/^stopped · 20 trx · [^s]/);
    expect(lagEdgeText(mdbLink('a', 'b', null))).not.toContain('trx');
    expect(lagEdgeText(link('a', 'b'))).not.toContain('trx');
    expect(lagEdgeText(mdbLink('a', 'b', 20, { state: 'ended' }))).toBe('ended');
  });
});

describe('node panel sections by engine (F7)', () => {
  it('slots and replay-paused for PostgreSQL and agents (and while the engine is unknown); neither for MariaDB or etcd unless reported', () => {
    expect(nodeSections('postgres', undefined)).toEqual({ slots: true, replayPaused: true });
    expect(nodeSections('agent', false)).toEqual({ slots: true, replayPaused: true });
    expect(nodeSections(undefined, undefined)).toEqual({ slots: true, replayPaused: true });
    expect(nodeSections('mariadb', undefined)).toEqual({ slots: false, replayPaused: false });
    expect(nodeSections('etcd', undefined)).toEqual({ slots: false, replayPaused: false });
    expect(nodeSections('mariadb', true)).toEqual({ slots: false, replayPaused: true });
  });
});

describe('link detail lists only the stages the engine measures', () => {
  it('a MariaDB link shows replay only, not "sent — · flush —"', () => {
    const l = mdbLink('a', 'b', 3);
    const b = l.lag.bytes;
    const text = measuredStages([['sent', b.sent], ['write', b.write], ['flush', b.flush], ['replay', b.replay]], formatBytes);
    expect(text).toBe(`replay ${formatBytes(6_200)}`);
    expect(text).not.toContain('sent');
  });

  it('a PostgreSQL link shows every stage in order, and replay even when unmeasured', () => {
    const text = measuredStages([['write', 1], ['flush', 2], ['replay', null]], formatMs);
    expect(text).toBe(`write ${formatMs(1)} · flush ${formatMs(2)} · replay ${formatMs(null)}`);
  });
});
