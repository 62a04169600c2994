import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backoff } from '../../../../shared/backoff';
import { parseConnectionString } from '../../../../electron/drivers/postgres/conn-string';
import { NodeConnection } from '../../../../electron/drivers/postgres/node-connection';
import { startHangingServer, type FakeServer } from '../../../harness/fake-servers';

// A local TCP server that accepts and never answers: what a hung host looks like.
let hung: FakeServer;
beforeAll(async () => {
  hung = await startHangingServer();
});
afterAll(async () => {
  await hung.close();
});

function connection(clock: { t: number }) {
  const target = parseConnectionString(`postgresql://u:p@127.0.0.1:${hung.port}/db?sslmode=disable`);
  if (!target.ok) throw new Error(target.reason);
  return new NodeConnection(target.value, {
    timeouts: { connectTimeoutMs: 150, queryTimeoutMs: 150 },
    now: () => clock.t,
    backoff: new Backoff({ baseMs: 1_000, maxMs: 8_000 }, () => 0),
  });
}

describe('NodeConnection', () => {
  it('times out on a hung server, backs off, and does not knock again before retryAt', async () => {
    const clock = { t: 1_000_000 };
    const conn = connection(clock);
    expect(conn.status).toEqual({ kind: 'idle' });
    const started = performance.now();
    const first = await conn.query('SELECT 1', new AbortController().signal);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(first).toMatchObject({ ok: false, code: 'timeout' });
    // Backoff with random 0: half of base.
    expect(conn.status).toMatchObject({ kind: 'backoff', retryAt: 1_000_500, lastError: { code: 'timeout' } });
    const accepted = hung.accepted;

    const cached = await conn.query('SELECT 1', new AbortController().signal);
    expect(cached).toMatchObject({ ok: false, code: 'timeout' });
    expect(hung.accepted).toBe(accepted);

    clock.t = 1_000_600;
    await conn.query('SELECT 1', new AbortController().signal);
    expect(hung.accepted).toBe(accepted + 1);
    // The delay grows: base 2 s now, half of it with random 0.
    expect(conn.status).toMatchObject({ kind: 'backoff', retryAt: 1_000_600 + 1_000 });
    expect(conn.queries).toBe(0);
    await conn.dispose();
  });

  it('gives up at once when the caller aborts, and is closed after dispose', async () => {
    const clock = { t: 0 };
    const conn = connection(clock);
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 20);
    const res = await conn.query('SELECT 1', ac.signal);
    expect(res).toMatchObject({ ok: false, code: 'aborted' });
    expect(conn.status).toEqual({ kind: 'idle' });
    await conn.dispose();
    expect(conn.status).toEqual({ kind: 'closed' });
    expect(await conn.query('SELECT 1', new AbortController().signal)).toMatchObject({ ok: false, code: 'closed' });
  });
});
