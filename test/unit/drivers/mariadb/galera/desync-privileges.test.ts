import { describe, expect, it } from 'vitest';
import { parseGrants } from '../../../../../electron/drivers/mariadb/actions/privileges';
import { desyncChecks } from '../../../../../electron/drivers/mariadb/galera/desync-plan';
import { galera } from './galera-fixtures';

const target = { id: '127.0.0.1:3301', name: 'g1', galera: galera(3301) };
const blockers = (lines: string[] | null) =>
  desyncChecks('desync', target, [], { reading: lines ? parseGrants(lines) : null, login: 'mon' }).filter((c) => c.id.startsWith('privileges:'));

describe('Galera desync pre-flight privileges', () => {
  it('a monitor-only login is a blocker naming the exact GRANT SUPER (SET GLOBAL wsrep_desync needs it)', () => {
    const [c] = blockers(["GRANT PROCESS, BINLOG MONITOR, SLAVE MONITOR ON *.* TO `mon`@`%` IDENTIFIED BY PASSWORD '*X'"]);
    expect(c).toMatchObject({ ok: false, severity: 'blocker' });
    expect(c?.explanation).toContain("GRANT SUPER ON *.* TO 'mon'@'%';");
  });

  it('SUPER or ALL PRIVILEGES passes; unreadable grants warn with the privilege needed', () => {
    expect(blockers(["GRANT SUPER ON *.* TO `rd`@`%`"])[0]).toMatchObject({ ok: true });
    expect(blockers(["GRANT ALL PRIVILEGES ON *.* TO `rd`@`%` WITH GRANT OPTION"])[0]).toMatchObject({ ok: true });
    expect(blockers(null)[0]).toMatchObject({ ok: false, severity: 'warning' });
    expect(blockers(null)[0]?.explanation).toContain('needs SUPER');
  });
});
