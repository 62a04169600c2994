import { ERRANT_EXPLANATION } from './describe';
import { MariadbTestIds } from './testids';

/** Errant transactions by their last GTID (`domain-server-seq`), with what they mean. */
export function ErrantGtids({ gtids }: { gtids: readonly string[] }) {
  if (gtids.length === 0) return null;
  return (
    <div className="banner bad mdb-errant" data-testid={MariadbTestIds.errantGtids} data-count={gtids.length}>
      <div>
        <strong>Errant GTIDs</strong> (domain-server-seq):{' '}
        {gtids.map((g) => (
          <code key={g} className="mdb-gtid" data-testid={MariadbTestIds.errantGtid} data-gtid={g}>
            {g}
          </code>
        ))}
      </div>
      <div className="small">{ERRANT_EXPLANATION}</div>
    </div>
  );
}
