import { gtidDomains } from './describe';

/** A GTID position, one domain per line. */
export function GtidPosition({ pos }: { pos: string }) {
  return (
    <span className="mdb-gtid-pos">
      {gtidDomains(pos).map((d) => (
        <code key={d}>{d}</code>
      ))}
    </span>
  );
}
