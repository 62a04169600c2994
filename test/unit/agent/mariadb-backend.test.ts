import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MariadbLogBackend } from '../../../agent/mariadb/backend';
import { mariadbBackendFrom } from '../../../agent/mariadb/from-options';
import { AgentEventSchema, type AgentEvent } from '../../../shared/agent/events';
import { NodeReportSchema } from '../../../shared/agent/report';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'rd-mdb-agent-'));
  file = path.join(dir, 'error.log');
  writeFileSync(file, 'before the agent started\n');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const fixture = (name: string) => readFileSync(path.join(__dirname, '../../fixtures/galera', name));

describe('mariadb agent backend (error log only)', () => {
  it("pushes one conflict-detected event per logged conflict, with the record; its report says what it read", async () => {
    const b = new MariadbLogBackend({ nodeId: '127.0.0.1:3306', errorLog: file, now: () => 1_000 });
    const events: AgentEvent[] = [];
    b.onEvent((e) => events.push(e));
    await b.start();
    appendFileSync(file, fixture('bf-exec-g1.log'));
    appendFileSync(file, fixture('cert-g2.log'));
    await b.poll();
    expect(events).toHaveLength(5);
    for (const e of events) expect(AgentEventSchema.parse(e)).toEqual(e);
    expect(events[0]).toMatchObject({ kind: 'conflict-detected', severity: 'warning', nodeId: '127.0.0.1:3306', at: 1_000 });
    expect(events[0]!.message).toBe(
      `Galera brute-force abort at 2026-12-07 14:18:02: victim thread 12 (executing) "UPDATE rd.t SET note = 'slow on g1' WHERE id = 3 AND SLEEP(3) = 0"; winner seqno 8 "UPDATE rd.t SET v = v + 100 WHERE id = 3…" (from the error log)`,
    );
    const report = await b.report();
    expect(report.ok && NodeReportSchema.parse(report.value)).toBeTruthy();
    // It reads a log, not the server: it never says the node is up.
    expect(report.ok && report.value.node).toMatchObject({
      id: '127.0.0.1:3306',
      role: 'unknown',
      lastSeenAt: null,
      status: { kind: 'degraded', reason: `log reader: reading ${file}; the database's state is unknown to this agent` },
    });
    expect(report.ok && report.value.logReader).toEqual({ path: file, readable: true, reason: null });
    expect(report.ok && report.value.node.notes?.join('\n')).toMatch(/Galera conflicts read from the log: 5; lines not understood: 0/);
    expect(b.capabilities()).toEqual([]);
    expect(await b.command({ name: 'stop' })).toMatchObject({ ok: false, code: 'not-supported' });
    await b.dispose();
  });

  it('caps events per read and counts the rest; an unreadable log makes the report degraded', async () => {
    const b = new MariadbLogBackend({ nodeId: 'h:1', errorLog: file, maxEventsPerPoll: 2 });
    const events: AgentEvent[] = [];
    b.onEvent((e) => events.push(e));
    await b.start();
    appendFileSync(file, fixture('cert-g2.log'));
    await b.poll();
    expect(events).toHaveLength(2);
    expect(b.conflictsDropped).toBe(2);
    await b.dispose();
    const gone = new MariadbLogBackend({ nodeId: 'h:1', errorLog: path.join(dir, 'nope.log') });
    await gone.start();
    const r = await gone.report();
    expect(r.ok && r.value.node.status).toMatchObject({ kind: 'degraded', reason: expect.stringMatching(/^log reader: cannot read .*nope\.log \(.*ENOENT.*\); the database's state is unknown to this agent$/) });
    expect(r.ok && r.value.logReader).toMatchObject({ readable: false, reason: expect.stringMatching(/ENOENT/) });
    await gone.dispose();
  });

  it('CLI options: --error-log and a host:port --node-id are required', () => {
    expect(mariadbBackendFrom({ errorLog: undefined, nodeId: 'h:1' })).toMatchObject({ ok: false, reason: expect.stringMatching(/--error-log FILE/) });
    expect(mariadbBackendFrom({ errorLog: file, nodeId: undefined })).toMatchObject({ ok: false, reason: expect.stringMatching(/--node-id HOST:PORT/) });
    expect(mariadbBackendFrom({ errorLog: file, nodeId: 'db1' })).toMatchObject({ ok: false, reason: expect.stringMatching(/host:port/) });
    expect(mariadbBackendFrom({ errorLog: dir, nodeId: 'h:1' })).toMatchObject({ ok: false, reason: expect.stringMatching(/is a directory/) });
    const ok = mariadbBackendFrom({ errorLog: file, nodeId: '10.0.0.5:3306' });
    expect(ok.ok).toBe(true);
    if (ok.ok) void ok.value.dispose();
  });
});
