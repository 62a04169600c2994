import { describe, expect, it } from 'vitest';
import { completeLines, parseApplyError } from '../../../../../electron/drivers/postgres/conflicts/jsonlog';

/** Real PG15 jsonlog lines (apply worker ERROR, the LOG that follows it, and a manual DISABLE). */
const ERROR_LINE =
  '{"timestamp":"2026-11-24 04:12:12.001 UTC","pid":1657,"session_id":"6b050e9b.679","line_num":2,"session_start":"2026-11-24 04:12:11 UTC","vxid":"3/27","txid":732,"error_severity":"ERROR","state_code":"23505","message":"duplicate key value violates unique constraint \\"items_pkey\\"","detail":"Key (id)=(1) already exists.","context":"processing remote data for replication origin \\"pg_16394\\" during message type \\"INSERT\\" for replication target relation \\"public.items\\" in transaction 730, finished at 0/152F240","backend_type":"logical replication worker","query_id":0}';
const DISABLED_LINE =
  '{"timestamp":"2026-11-24 04:12:12.001 UTC","pid":1657,"error_severity":"LOG","message":"subscription \\"sub_b_from_a\\" has been disabled because of an error","backend_type":"logical replication worker","query_id":0}';
const MANUAL_STOP =
  '{"timestamp":"2026-11-24 04:12:11.730 UTC","pid":1579,"error_severity":"LOG","message":"logical replication apply worker for subscription \\"sub_b_from_a\\" will stop because the subscription was disabled","context":"processing remote data for replication origin \\"pg_16394\\" during message type \\"INSERT\\" in transaction 730, finished at 0/152F240","backend_type":"logical replication worker"}';

describe('jsonlog apply errors', () => {
  it('reads SQLSTATE, subscription origin, operation, remote xid and finish LSN, and no object name', () => {
    expect(parseApplyError(ERROR_LINE)).toEqual({
      at: Date.parse('2026-11-24T04:12:12.001Z'),
      pid: 1657,
      sqlstate: '23505',
      message: 'duplicate key value violates unique constraint "items_pkey"',
      detail: 'Key (id)=(1) already exists.',
      subscriptionOid: 16394,
      operation: 'INSERT',
      remoteXid: 730,
      finishLsn: '0/152F240',
    });
  });

  it('ignores LOG lines, a manual DISABLE, other errors and broken JSON', () => {
    expect(parseApplyError(DISABLED_LINE)).toBeNull();
    expect(parseApplyError(MANUAL_STOP)).toBeNull();
    expect(parseApplyError('{"error_severity":"ERROR","message":"relation \\"x\\" does not exist","context":"SQL statement"}')).toBeNull();
    expect(parseApplyError('{"error_severity":"ERROR", "context":"replication origin')).toBeNull();
  });

  it('reads a check violation without a key, and a context without "finished at"', () => {
    const line = JSON.stringify({
      timestamp: '2026-11-24 04:12:12.001 UTC',
      error_severity: 'ERROR',
      state_code: '23514',
      message: 'new row for relation "items" violates check constraint "items_qty_check"',
      detail: 'Failing row contains (9, a, null, -1).',
      context: 'processing remote data for replication origin "pg_16400" during message type "UPDATE" for replication target relation "public.items" in transaction 731',
    });
    expect(parseApplyError(line)).toMatchObject({ sqlstate: '23514', operation: 'UPDATE', finishLsn: null, remoteXid: 731, subscriptionOid: 16400 });
  });

  it('takes the transaction from the end of the context: a table name holding the same words cannot stand in for it', () => {
    // PG15 prints the relation unquoted: `"public.x" in transaction 1, finished at 0/1"` is one name here.
    const spoof = 'x" in transaction 1, finished at 0/1';
    const line = JSON.stringify({
      error_severity: 'ERROR',
      state_code: '23505',
      message: 'duplicate key value violates unique constraint "k"',
      context: `processing remote data for replication origin "pg_7" during message type "INSERT" for replication target relation "public.${spoof}" in transaction 730, finished at 0/152F240`,
    });
    expect(parseApplyError(line)).toMatchObject({ subscriptionOid: 7, operation: 'INSERT', remoteXid: 730, finishLsn: '0/152F240' });
    expect(Object.keys(parseApplyError(line)!)).not.toContain('table');
  });

  it('splits a chunk at its last newline, leaving a partial line (even a cut UTF-8 character) for the next read', () => {
    const bytes = new TextEncoder().encode(`${ERROR_LINE}\n${DISABLED_LINE}\n{"partial":"é`);
    const { lines, consumed } = completeLines(bytes.subarray(0, bytes.length - 1));
    expect(lines).toEqual([ERROR_LINE, DISABLED_LINE]);
    expect(consumed).toBe(new TextEncoder().encode(`${ERROR_LINE}\n${DISABLED_LINE}\n`).length);
    expect(completeLines(new TextEncoder().encode('no newline yet'))).toEqual({ lines: [], consumed: 0 });
  });
});
