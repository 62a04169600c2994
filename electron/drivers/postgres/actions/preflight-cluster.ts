import type { PreflightCheck } from '../../../../shared/model/action';
import { formatBytes } from '../../../core/events/format';
import { lsnDistance, lsnToBigInt } from '../lsn';
import type { Candidate } from './candidates';
import type { PreflightInput } from './preflight';
import { nameOfView } from './plan-promotion';

/** `n3 (127.0.0.1:5434)`: the node's one name, its address beside it. */
const label = (input: PreflightInput, id: string) => {
  const name = nameOfView(input.views, id);
  return name === id ? id : `${name} (${id})`;
};

/** Settings read from each node when planning. */
export interface NodeSettings {
  hints: boolean;
  checksums: boolean;
  maxSenders: number;
  senders: number;
  maxSlots: number;
  slots: number;
  /** primary_slot_name ('' when none). */
  slotName: string;
  /** Newest timeline history file, or the last (restart)point's timeline; null when not readable. */
  timeline: number | null;
}

const check = (id: string, ok: boolean, severity: PreflightCheck['severity'], explanation: string): PreflightCheck => ({
  id,
  ok,
  severity: ok ? 'info' : severity,
  explanation,
});

/** The other standbys: each must be readable and not ahead of the candidate, or it could not follow it. */
export function otherStandbys(input: PreflightInput, c: Candidate) {
  return input.views.filter((v) => v.id !== c.id && v.id !== input.oldPrimary?.id && (v.reading ?? v.lastReading)?.inRecovery);
}

/** Free WAL senders and slots on the candidate; rewind possible for the old primary. */
export function resourceChecks(input: PreflightInput, c: Candidate): PreflightCheck[] {
  const out: PreflightCheck[] = [];
  const old = input.oldPrimary;
  const mine = input.settings.get(c.id);
  const others = otherStandbys(input, c);
  const rejoins = old && input.hostControls(old.id) ? 1 : 0;
  if (!mine) {
    out.push(check('wal-senders', false, 'warning', 'its settings could not be read: free WAL senders and slots unknown'));
  } else {
    const need = others.length + rejoins;
    const free = mine.maxSenders - mine.senders;
    out.push(check('wal-senders', free >= need, 'blocker', `${free} free WAL senders (max_wal_senders ${mine.maxSenders}), ${need} needed`));
    const slotNames = others.map((o) => input.settings.get(o.id)?.slotName ?? '').filter(Boolean);
    const freeSlots = mine.maxSlots - mine.slots;
    out.push(
      check(
        'slots',
        freeSlots >= slotNames.length,
        'blocker',
        slotNames.length === 0
          ? 'no standby streams through a slot'
          : `${slotNames.length} slots to create (${slotNames.join(', ')}), ${freeSlots} free (max_replication_slots ${mine.maxSlots})`,
      ),
    );
  }
  if (old) {
    const s = input.settings.get(old.id) ?? mine;
    const from = input.settings.has(old.id) ? '' : ` (as read on ${label(input, c.id)}; ${label(input, old.id)} cannot be read)`;
    const can = s ? s.hints || s.checksums : false;
    const why = !s
      ? 'unknown'
      : can
        ? `possible: ${s.hints ? 'wal_log_hints is on' : 'data checksums are on'}${from}`
        : `not possible: wal_log_hints is off and data checksums are off${from}; the old primary must be rebuilt from a base backup`;
    out.push(check('rewind', can, 'warning', `rewinding ${label(input, old.id)} to rejoin as a standby is ${why}`));
  }
  return out;
}

/** Every other replica able to follow the candidate: readable and not ahead of it. */
export function followerChecks(input: PreflightInput, c: Candidate): PreflightCheck[] {
  const out: PreflightCheck[] = [];
  for (const o of otherStandbys(input, c)) {
    const r = o.reading;
    if (!r) {
      out.push(check(`follows:${o.id}`, false, 'warning', `${label(input, o.id)} cannot be read: re-point it by hand once it is back`));
      continue;
    }
    const pos = r.receiveLsn ?? r.replayLsn;
    const ahead = pos !== null && c.receiveLsn !== null && lsnToBigInt(pos) > lsnToBigInt(c.receiveLsn);
    // In a switchover the candidate first catches up with the fenced primary, so nobody stays ahead.
    const blocks = ahead && input.kind === 'failover';
    const by = formatBytes(lsnDistance(pos, c.receiveLsn) ?? 0);
    out.push(
      check(
        `follows:${o.id}`,
        !blocks,
        'blocker',
        blocks ? `${label(input, o.id)} has received ${by} more than the candidate: it could not follow it (promote ${nameOfView(input.views, o.id)}, or it needs pg_rewind)` : `${label(input, o.id)} can follow it`,
      ),
    );
  }
  return out;
}
