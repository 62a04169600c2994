import type { PreflightCheck } from '../../../../shared/model/action';
import type { PoolerReading, PoolerSpec } from '../../../../shared/model/pooler';
import { countOf, listSessions, type ClientSession } from './primary-sessions';

const ORDINARY = "the ordinary switchover is still offered: plan it again without the pooler (poolers: 'ignore'), and the pooled clients will see errors";

export interface CheckInput {
  reading: PoolerReading;
  spec: PoolerSpec;
  /** Client sessions on the old primary, or why they could not be read. */
  sessions: ClientSession[] | string;
  /** What the plan expects for PAUSE → RESUME. */
  expectedStallMs: number;
}

/** The dry-run checks of one pooler for a PAUSE … RESUME switchover. */
export function poolerChecks(i: CheckInput): PreflightCheck[] {
  const { reading: r, spec } = i;
  const id = (what: string) => `pooler:${r.name}:${what}`;
  const out: PreflightCheck[] = [];
  if (r.status !== 'ok') {
    return [{ id: id('reachable'), ok: false, severity: 'blocker', explanation: `${r.name} (${r.host}:${r.port}) could not be read: ${r.status}${r.error ? ` (${r.error})` : ''}; ${ORDINARY}` }];
  }
  out.push(
    r.poolMode === 'transaction'
      ? { id: id('pool-mode'), ok: true, severity: 'blocker', explanation: `${r.name} pools by transaction: PAUSE waits only for running transactions` }
      : {
          id: id('pool-mode'),
          ok: false,
          severity: 'blocker',
          explanation: `${r.name} has pool_mode = ${r.poolMode ?? 'unknown'}: in session pooling PAUSE waits until every client disconnects, so it cannot pause a running application; ${ORDINARY}`,
        },
  );
  out.push(
    r.agent === 'ready'
      ? { id: id('agent'), ok: true, severity: 'blocker', explanation: `the agent beside ${r.name} can re-point its [databases] entry (ini rewrite and RELOAD)` }
      : {
          id: id('agent'),
          ok: false,
          severity: 'blocker',
          explanation: `${r.name} cannot be re-pointed: PgBouncer 1.18's admin console cannot change a [databases] entry, and ${r.agent === 'none' ? 'no agent runs beside it (replicadesk-agent --backend pgbouncer)' : r.agent === 'connecting' ? 'its agent is not connected' : 'its agent does not offer poolerRepoint'}; ${ORDINARY}`,
        },
  );
  const retry = r.serverLoginRetryS;
  out.push({
    id: id('server-login-retry'),
    ok: retry !== null && retry <= 1,
    severity: 'warning',
    explanation:
      retry !== null && retry <= 1
        ? `server_login_retry = ${retry} s`
        : `server_login_retry = ${retry ?? 'unknown'} s: after one failed login PgBouncer waits that long before the next, and RELOAD does not clear it; set server_login_retry = 1 in pgbouncer.ini`,
  });
  const qwt = r.queryWaitTimeoutS;
  const worstMs = spec.pauseTimeoutMs + i.expectedStallMs;
  out.push({
    id: id('query-wait-timeout'),
    ok: qwt === null || qwt === 0 || worstMs < qwt * 1000,
    severity: 'blocker',
    explanation:
      qwt === null || qwt === 0
        ? 'query_wait_timeout is off: waiting clients are never cut off'
        : `PAUSE (≤ ${spec.pauseTimeoutMs} ms) plus the switch (~${i.expectedStallMs} ms) ${worstMs < qwt * 1000 ? 'stays under' : 'reaches'} query_wait_timeout = ${qwt} s${worstMs < qwt * 1000 ? '' : ': waiting clients would get errors'}`,
  });
  if (typeof i.sessions === 'string') {
    out.push({ id: id('long-transactions'), ok: false, severity: 'warning', explanation: `could not read transactions on the old primary: ${i.sessions}` });
  } else {
    const long = i.sessions.filter((x) => x.xactAgeMs !== null && x.xactAgeMs > spec.pauseTimeoutMs);
    // Through this pooler (its own server connection): PAUSE waits for it. Straight to the server: PAUSE does not, the fence ends it.
    const mine = new Set(r.localAddrs);
    const pooled = long.filter((x) => mine.has(`${x.addr}:${x.port}`));
    const direct = long.filter((x) => !pooled.includes(x));
    const limit = `the PAUSE timeout (${spec.pauseTimeoutMs} ms)`;
    out.push(
      pooled.length > 0
        ? {
            id: id('long-transactions'),
            ok: false,
            severity: 'blocker',
            explanation: `PAUSE would time out: ${countOf(pooled.length, 'transaction')} through ${r.name} ${pooled.length === 1 ? 'has' : 'have'} been open longer than ${limit} (pg_stat_activity.xact_start): ${listSessions(pooled)}. PAUSE waits for ${pooled.length === 1 ? 'it' : 'them'}, gives up, RESUMEs and aborts; end ${pooled.length === 1 ? 'it' : 'them'} or wait, then plan again`,
          }
        : {
            id: id('long-transactions'),
            ok: direct.length === 0,
            severity: 'warning',
            explanation:
              direct.length === 0
                ? `no transaction on the old primary is older than ${limit}`
                : `${countOf(direct.length, 'transaction')} on the old primary older than ${limit} came straight to the server, not through ${r.name}: PAUSE does not wait for ${direct.length === 1 ? 'it' : 'them'}; the fence ends ${direct.length === 1 ? 'it' : 'them'} (${listSessions(direct)})`,
          },
    );
  }
  return out;
}

/** What the plan tells before confirmation: the stall, and who still sees errors. */
export function stallCheck(names: readonly string[], expectedStallMs: number, bypass: ClientSession[] | string): PreflightCheck {
  const direct =
    typeof bypass === 'string'
      ? `sessions straight to the primary could not be counted (${bypass})`
      : bypass.length === 0
        ? 'no session bypasses the pooler'
        : `${countOf(bypass.length, 'session')} ${bypass.length === 1 ? 'bypasses' : 'bypass'} the pooler: ${bypass.length === 1 ? 'it' : 'they'} will see errors (${listSessions(bypass)})`;
  return {
    id: 'pooler:stall',
    ok: typeof bypass !== 'string' && bypass.length === 0,
    severity: 'warning',
    explanation: `clients of ${names.join(', ')} wait about ${expectedStallMs} ms (PAUSE to RESUME) and see no error; ${direct}`,
  };
}
