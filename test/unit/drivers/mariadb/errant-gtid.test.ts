import { describe, expect, it } from 'vitest';
import { errantGtids, errantWarning } from '../../../../electron/drivers/mariadb/errant-gtid';
import { parseGtidList, type Gtid } from '../../../../electron/drivers/mariadb/gtid';

const state = (text: string): Gtid[] => {
  const r = parseGtidList(text);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
};

describe('errant GTIDs', () => {
  it('names a domain-server pair the primary never had, by its last GTID', () => {
    expect(errantGtids(state('0-1-50,0-2-51'), state('0-1-55'))).toEqual(['0-2-51']);
  });

  it('finds errant writes in another domain too, sorted', () => {
    expect(errantGtids(state('0-1-5,3-2-1,0-7-9'), state('0-1-5'))).toEqual(['0-7-9', '3-2-1']);
  });

  it('does not flag a replica that only replicated (even if it was read after the primary wrote more)', () => {
    expect(errantGtids(state('0-1-60'), state('0-1-55'))).toEqual([]);
  });

  it('does not flag a pair the primary has, such as an old primary\'s writes after a switchover', () => {
    expect(errantGtids(state('0-1-40,0-2-90'), state('0-1-40,0-2-90,0-3-95'))).toEqual([]);
  });

  it('flags the same server id in a domain the primary does not have', () => {
    expect(errantGtids(state('0-1-5,9-1-2'), state('0-1-5'))).toEqual(['9-1-2']);
  });

  it('words the warning with both names, or returns null when there is nothing errant', () => {
    expect(errantWarning('db2:3306', 'db1:3306', [])).toBeNull();
    expect(errantWarning('db2:3306', 'db1:3306', ['0-2-51'])).toMatch(/^errant GTID 0-2-51: transaction written on db2:3306 that db1:3306 never had/);
    expect(errantWarning('db2:3306', 'db1:3306', ['0-2-51', '3-2-1'])).toMatch(/^errant GTIDs 0-2-51, 3-2-1: transactions/);
  });
});
