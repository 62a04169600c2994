import { fail, ok, type Result } from '../../../shared/result';

/**
 * MariaDB GTIDs are `domain-server-sequence` (three unsigned decimals). A position
 * (`@@gtid_binlog_pos`, `@@gtid_slave_pos`, `Gtid_IO_Pos`) is a comma-separated
 * list with one GTID per domain; `@@gtid_binlog_state` has one per domain and
 * server. Sequences only grow within a domain (strictly, under gtid_strict_mode),
 * so the distance in a domain is a difference of sequences. Sequences are uint64:
 * kept as bigint.
 */
export interface Gtid {
  domain: number;
  server: number;
  seq: bigint;
}

const GTID = /^(\d{1,10})-(\d{1,10})-(\d{1,20})$/;
const UINT32_MAX = 4_294_967_295;

export function formatGtid(g: Gtid): string {
  return `${g.domain}-${g.server}-${g.seq}`;
}

/** Parses a GTID list; an empty string (or only whitespace) is the empty position. */
export function parseGtidList(text: string): Result<Gtid[]> {
  const trimmed = text.trim();
  if (trimmed === '') return ok([]);
  const out: Gtid[] = [];
  for (const raw of trimmed.split(',')) {
    const m = GTID.exec(raw.trim());
    if (!m) return fail('invalid-gtid', `"${raw.trim()}" is not a GTID (domain-server-sequence, e.g. 0-1-42)`);
    const domain = Number(m[1]);
    const server = Number(m[2]);
    if (domain > UINT32_MAX || server > UINT32_MAX) return fail('invalid-gtid', `"${raw.trim()}": domain and server ids are 32-bit`);
    out.push({ domain, server, seq: BigInt(m[3]!) });
  }
  return ok(out);
}

/** The highest sequence per domain (a binlog state may list several servers in one domain). */
export function seqByDomain(list: readonly Gtid[]): Map<number, bigint> {
  const out = new Map<number, bigint>();
  for (const g of list) {
    const had = out.get(g.domain);
    if (had === undefined || g.seq > had) out.set(g.domain, g.seq);
  }
  return out;
}

/** Transactions `behind` lacks of `ahead`, per domain of `ahead` (0 where it has them all), and in total. */
export interface GtidDistance {
  total: number;
  perDomain: Record<string, number>;
}

/**
 * How many transactions `replica` is behind `source`, per GTID domain of the source.
 * A domain the replica has never seen counts from 0. A replica ahead in a domain
 * (read a moment after the source) is 0 behind there, never negative.
 */
export function gtidDistance(source: readonly Gtid[], replica: readonly Gtid[]): GtidDistance {
  const have = seqByDomain(replica);
  const perDomain: Record<string, number> = {};
  let total = 0;
  for (const [domain, seq] of seqByDomain(source)) {
    const behind = seq - (have.get(domain) ?? 0n);
    const n = behind > 0n ? Number(behind) : 0;
    perDomain[String(domain)] = n;
    total += n;
  }
  return { total, perDomain };
}

/** The later of two positions, per domain (a replica's applied position is its slave_pos or, with log_slave_updates, its binlog). */
export function laterPerDomain(a: readonly Gtid[], b: readonly Gtid[]): Gtid[] {
  const best = new Map<number, Gtid>();
  for (const g of [...a, ...b]) {
    const had = best.get(g.domain);
    if (!had || g.seq > had.seq) best.set(g.domain, g);
  }
  return [...best.values()].sort((x, y) => x.domain - y.domain);
}
