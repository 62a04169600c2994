import { describe, expect, it } from 'vitest';
import { matchSenders, walReceiverAppName, type StandbyIdentity } from '../../../../electron/drivers/postgres/link-matching';

const s = (applicationName: string, clientAddr: string | null, slotName: string | null = null) => ({ applicationName, clientAddr, slotName });
const c = (nodeId: string, applicationName: string | null, slotName: string | null = null): StandbyIdentity => ({
  nodeId,
  applicationName,
  slotName,
  host: nodeId.slice(0, nodeId.lastIndexOf(':')),
});

describe('matchSenders', () => {
  it('matches by slot name first, even when application names disagree', () => {
    const r = matchSenders([s('walreceiver', '10.0.0.2', 'slot_b'), s('walreceiver', '10.0.0.3', 'slot_a')], [
      c('10.0.0.3:5432', 'x', 'slot_a'),
      c('10.0.0.2:5432', 'y', 'slot_b'),
    ]);
    expect(r.matched.map((m) => [m.nodeId, m.sender.slotName, m.by])).toEqual([
      ['10.0.0.2:5432', 'slot_b', 'slot'],
      ['10.0.0.3:5432', 'slot_a', 'slot'],
    ]);
    expect(r.unmatched).toEqual([]);
  });

  it('then by application_name: several standbys on one host', () => {
    const r = matchSenders([s('standby2', '127.0.0.1'), s('standby1', '127.0.0.1')], [
      c('127.0.0.1:5433', 'standby1'),
      c('127.0.0.1:5434', 'standby2'),
    ]);
    expect(Object.fromEntries(r.matched.map((m) => [m.nodeId, m.sender.applicationName]))).toEqual({
      '127.0.0.1:5433': 'standby1',
      '127.0.0.1:5434': 'standby2',
    });
    expect(r.matched.every((m) => m.by === 'application_name')).toBe(true);
  });

  it('then by client address when application names are the default', () => {
    const r = matchSenders([s('walreceiver', '10.0.0.2'), s('walreceiver', '10.0.0.3')], [
      c('10.0.0.3:5432', 'walreceiver'),
      c('10.0.0.2:5432', 'walreceiver'),
    ]);
    expect(r.matched.map((m) => [m.nodeId, m.sender.clientAddr, m.by])).toEqual([
      ['10.0.0.2:5432', '10.0.0.2', 'client_addr'],
      ['10.0.0.3:5432', '10.0.0.3', 'client_addr'],
    ]);
  });

  it('leaves ambiguous or unknown walsenders unmatched', () => {
    const r = matchSenders([s('walreceiver', '127.0.0.1'), s('walreceiver', '127.0.0.1'), s('far', '10.9.9.9')], [
      c('127.0.0.1:5433', 'walreceiver'),
      c('127.0.0.1:5434', 'walreceiver'),
    ]);
    expect(r.matched).toEqual([]);
    expect(r.unmatched).toHaveLength(3);
  });

  it('matches localhost standbys to 127.0.0.1 client addresses', () => {
    const r = matchSenders([s('', '127.0.0.1')], [{ nodeId: '127.0.0.1:5433', applicationName: null, slotName: null, host: 'localhost' }]);
    expect(r.matched[0]?.by).toBe('client_addr');
  });
});

describe('walReceiverAppName', () => {
  it('reads application_name, else fallback_application_name, from the receiver conninfo', () => {
    expect(walReceiverAppName('user=postgres host=10.0.0.1 port=5432 application_name=s1 fallback_application_name=c1 sslmode=prefer')).toBe('s1');
    expect(walReceiverAppName('user=postgres host=10.0.0.1 fallback_application_name=c1 sslmode=prefer')).toBe('c1');
    expect(walReceiverAppName("user=postgres application_name='my app' sslmode=prefer")).toBe('my app');
    expect(walReceiverAppName('user=postgres host=h')).toBeNull();
    expect(walReceiverAppName(null)).toBeNull();
  });
});
