import { describe, expect, it } from 'vitest';
import { HeartbeatWriter } from '../../../../electron/drivers/mariadb/heartbeat-writer';
import type { ServerConnection } from '../../../../electron/drivers/mariadb/server-connection';
import { fail, ok, type Result } from '../../../../shared/result';
import { channel, reading, readView } from './fixtures';

type Answer = (sql: string) => Result<unknown> | Promise<Result<unknown>>;

/** A writer over fake connections: every statement is recorded, answered by `answer`. */
function rig(answer: Answer, create = false) {
  let now = 10_000;
  const sent: { at: string; sql: string }[] = [];
  const writer = new HeartbeatWriter({
    table: 'replicadesk.heartbeat',
    create,
    user: 'mon',
    now: () => now,
    signal: new AbortController().signal,
    connect: (address) => ({ query: async (sql: string) => (sent.push({ at: address.id, sql }), answer(sql)), close: () => undefined }) as unknown as ServerConnection,
  });
  // 1 is a writable primary, 2 its replica, 3 a read-only primary (not written).
  writer.learn([readView(reading(1)), readView(reading(2, { channels: [channel(1)] })), readView(reading(3, { readOnly: true }))]);
  return { writer, sent, advance: (ms: number) => (now += ms) };
}

const written = ok([[{ errno: 0, error: null }], {}]);

describe('MariaDB heartbeat writer', () => {
  it('writes only on writable primaries, about once a second however often it is ticked', async () => {
    const { writer, sent, advance } = rig(() => written);
    for (let i = 0; i < 12; i++) {
      writer.tick();
      await writer.settle();
      advance(250);
    }
    expect(new Set(sent.map((s) => s.at))).toEqual(new Set(['127.0.0.1:1']));
    expect(sent).toHaveLength(3); // at 0, 1000 and 2000 ms of 3 s
    expect(sent[0]?.sql).toMatch(/INSERT INTO `replicadesk`.`heartbeat` \(server_id, written_at\) VALUES \(@@server_id, UTC_TIMESTAMP\(6\)\)/);
  });

  it('does not start a second write while one is held (a semi-sync commit waiting)', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<Result<unknown>>((r) => (release = () => r(written)));
    const { writer, sent, advance } = rig(() => held);
    writer.tick();
    advance(5_000);
    writer.tick();
    expect(sent).toHaveLength(1);
    release();
    await writer.settle();
    writer.tick();
    expect(sent).toHaveLength(2);
  });

  it('puts the write outcome on the reading; a failure the read already named is not said twice', async () => {
    const denied = ok([[{ errno: 1142, error: 'INSERT, UPDATE command denied' }], {}]);
    const { writer } = rig(() => denied);
    writer.tick();
    await writer.settle();
    const r = reading(1);
    writer.attach('127.0.0.1:1', r);
    expect(r.heartbeatWrite).toEqual({ errno: 1142, message: 'INSERT, UPDATE command denied' });
    expect(r.notes).toEqual([expect.stringMatching(/^heartbeat: cannot write .*GRANT SELECT, INSERT, UPDATE ON `replicadesk`.`heartbeat` TO 'mon'/)]);
    const both = reading(1, { heartbeat: { readAt: 0, rows: [], error: { errno: 1142, message: 'SELECT command denied' } } });
    writer.attach('127.0.0.1:1', both);
    expect(both.notes).toEqual([]);
    const replica = reading(2);
    writer.attach('127.0.0.1:2', replica);
    expect(replica.heartbeatWrite).toBeUndefined();
  });

  it('creates a missing table only when the spec says so, then writes', async () => {
    const missing = ok([[{ errno: 1146, error: "Table 'replicadesk.heartbeat' doesn't exist" }], {}]);
    let exists = false;
    const answer: Answer = (sql) => {
      if (sql.startsWith('CREATE')) return (exists = true), ok([{}, {}]);
      return exists ? written : missing;
    };
    const off = rig(answer, false);
    off.writer.tick();
    await off.writer.settle();
    expect(off.sent.map((s) => s.sql.split(' ')[0])).toEqual(['BEGIN']);
    const on = rig(answer, true);
    on.writer.tick();
    await on.writer.settle();
    expect(on.sent.map((s) => s.sql.trim().split(/\s+/)[0])).toEqual(['BEGIN', 'CREATE', 'BEGIN']);
    expect(on.sent[1]?.sql).toContain('CREATE TABLE IF NOT EXISTS `replicadesk`.`heartbeat`');
    const r = reading(1);
    on.writer.attach('127.0.0.1:1', r);
    expect(r.heartbeatWrite).toEqual({ errno: 0, message: '' });
  });

  it('a connection failure is a write that failed, with the reason', async () => {
    const { writer } = rig(() => fail('timeout', '127.0.0.1:1 did not answer within 2000 ms'));
    writer.tick();
    await writer.settle();
    const r = reading(1);
    writer.attach('127.0.0.1:1', r);
    expect(r.notes[0]).toMatch(/^heartbeat: cannot write `replicadesk`.`heartbeat`: 127.0.0.1:1 did not answer/);
  });
});
