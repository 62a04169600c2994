import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { GaleraPanelView } from '../../../renderer/features/mariadb/GaleraPanel';
import type { MariadbDetail } from '../../../renderer/features/mariadb/select';
import type { GaleraLoggedConflict } from '../../../shared/engines/galera-conflict';
import { detail, galeraNode, mdbNode, P, R1, R2 } from './mariadb-fixtures';

const names: Record<string, string> = { [P]: 'g1', [R1]: 'g2', [R2]: 'g3' };
const conflict = (at: number, victimQuery: string | null): GaleraLoggedConflict => ({
  at,
  record: {
    kind: 'brute-force-abort',
    loggedAt: `2026-12-07 14:18:0${at}`,
    victim: { thread: 12, mode: 'local', state: 'exec', conflict: 'executing', seqno: null, query: victimQuery, queryCut: false },
    winner: { thread: 2, mode: 'high priority', state: 'exec', conflict: 'executing', seqno: 8, query: 'UPDATE rd.t SET v = v + 100 WHERE id = 3', queryCut: true },
    table: 'rd.t',
    key: null,
    ignoredLines: 0,
  },
});

function panel(conflicts: GaleraLoggedConflict[] | undefined): string {
  const d = detail({
    engine: 'mariadb',
    galera: { components: [{ nodeIds: [P, R1, R2], primary: true }], bootstrap: null },
    nodes: { [P]: mdbNode({ galera: galeraNode(conflicts ? { conflicts } : {}) }), [R1]: mdbNode({ galera: galeraNode() }), [R2]: mdbNode({ galera: galeraNode() }) },
  }) as MariadbDetail;
  return renderToStaticMarkup(<GaleraPanelView detail={d} names={names} takenAt={1} now={1} sampleIntervalMs={1_000} />);
}

describe('Galera panel: conflicts from the error log', () => {
  it("lists each conflict newest first with the victim's query, the table and the winner's query", () => {
    const out = panel([conflict(2, "UPDATE rd.t SET note = 'slow on g1' WHERE id = 3 AND SLEEP(3) = 0"), conflict(1, null)]);
    expect(out).toContain('Conflicts from the error log (g1)');
    expect(out.match(/data-testid="galera-conflict"/g)).toHaveLength(2);
    expect(out).toMatch(/2026-12-07 14:18:02<\/td><td>g1<\/td><td>BF abort<\/td><td class="mono">UPDATE rd.t SET note = &#x27;slow on g1&#x27; WHERE id = 3 AND SLEEP\(3\) = 0<\/td><td class="mono">rd.t<\/td><td class="mono">UPDATE rd.t SET v = v \+ 100 WHERE id = 3…<\/td>/);
    expect(out).toMatch(/14:18:01<\/td>.*\(no statement running\)/);
  });

  it('an agent with nothing seen yet says so; without any agent there is no section', () => {
    expect(panel([])).toContain('none since ReplicaDesk connected to the agent');
    expect(panel(undefined)).not.toContain('Conflicts from the error log');
  });
});
