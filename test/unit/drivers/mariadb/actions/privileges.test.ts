import { describe, expect, it } from 'vitest';
import { holds, needsByNode, parseGrants } from '../../../../../electron/drivers/mariadb/actions/privileges';
import { mdbStepId, parseMdbStepId } from '../../../../../electron/drivers/mariadb/actions/step-id';

describe('MariaDB action privileges', () => {
  it('reads the global grants and the account from SHOW GRANTS FOR CURRENT_USER', () => {
    const g = parseGrants([
      "GRANT PROCESS, REPLICATION SLAVE ADMIN, read_only admin ON *.* TO `ops`@`10.%` IDENTIFIED BY PASSWORD '*AB'",
      'GRANT SELECT ON `rd`.* TO `ops`@`10.%`',
      'GRANT `dba` TO `ops`@`10.%`',
    ]);
    expect(g.account).toBe("'ops'@'10.%'");
    expect([...g.global]).toEqual(['PROCESS', 'REPLICATION SLAVE ADMIN', 'READ_ONLY ADMIN']);
    expect(g.roles).toEqual(["'dba'"]);
  });

  it('counts SUPER for CONNECTION ADMIN and REPLICATION SLAVE ADMIN but not READ_ONLY ADMIN (MariaDB 10.11)', () => {
    const g = parseGrants(['GRANT SUPER ON *.* TO `ops`@`%`']);
    expect(holds(g, 'CONNECTION ADMIN')).toBe(true);
    expect(holds(g, 'REPLICATION SLAVE ADMIN')).toBe(true);
    expect(holds(g, 'READ_ONLY ADMIN')).toBe(false);
    expect(holds(parseGrants(['GRANT ALL PRIVILEGES ON *.* TO `a`@`%`']), 'READ_ONLY ADMIN')).toBe(true);
  });

  it('sums what the steps need per node', () => {
    const needs = needsByNode([
      { op: 'fence', node: 'a' },
      { op: 'promote', node: 'b' },
      { op: 'rejoin-old', node: 'a' },
    ]);
    expect(needs.get('a')).toEqual(['READ_ONLY ADMIN', 'PROCESS', 'CONNECTION ADMIN', 'REPLICATION SLAVE ADMIN', 'SLAVE MONITOR']);
    expect(needs.get('b')).toEqual(['REPLICATION SLAVE ADMIN', 'RELOAD', 'SLAVE MONITOR', 'READ_ONLY ADMIN']);
  });

  it('step ids carry op, node and peer, and survive odd names', () => {
    const id = mdbStepId({ op: 'repoint', node: '[::1]:3306', peer: 'db~1:3306' });
    expect(parseMdbStepId(id)).toEqual({ op: 'repoint', node: '[::1]:3306', peer: 'db~1:3306' });
    expect(parseMdbStepId('promote~x')).toEqual({ op: 'promote', node: 'x', peer: null });
    expect(parseMdbStepId('pg-only~x')).toBeNull();
  });
});
