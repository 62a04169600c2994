import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AuditLog } from '../../../electron/core/actions/audit-log';
import { auditToCsv } from '../../../electron/core/actions/audit-export';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

async function logWith(n: number) {
  const dir = mkdtempSync(path.join(tmpdir(), 'rd-audit-'));
  dirs.push(dir);
  const file = path.join(dir, 'audit.jsonl');
  const log = new AuditLog(file);
  for (let i = 0; i < n; i++) {
    await log.append({ at: 1_700_000_000_000 + i, actor: 'dba', clusterId: 'c1', action: 'switchover', params: { to: `n${i}`, b: 1, a: 2 }, outcome: 'ok' });
  }
  return { file, log };
}

describe('AuditLog', () => {
  it('chains entries and verifies an untouched file', async () => {
    const { log } = await logWith(3);
    const entries = await log.list();
    expect(entries.map((e) => e.seq)).toEqual([0, 1, 2]);
    expect(entries[1]!.prevHash).toBe(entries[0]!.hash);
    expect(await log.verify()).toEqual({ ok: true, entries: 3 });
  });

  it('detects an altered entry', async () => {
    const { file } = await logWith(3);
    writeFileSync(file, readFileSync(file, 'utf8').replace('"outcome":"ok"', '"outcome":"failed"'));
    expect(await new AuditLog(file).verify()).toMatchObject({ ok: false, seq: 0, reason: expect.stringContaining('altered') });
  });

  it('detects a removed entry', async () => {
    const { file } = await logWith(3);
    const lines = readFileSync(file, 'utf8').split('\n');
    writeFileSync(file, [lines[0], lines[2], ''].join('\n'));
    expect(await new AuditLog(file).verify()).toMatchObject({ ok: false, reason: expect.stringContaining('removed') });
  });

  it('continues the chain after a restart', async () => {
    const { file } = await logWith(2);
    const again = new AuditLog(file);
    await again.append({ at: 1, actor: 'dba', clusterId: 'c1', action: 'fence', params: {}, outcome: 'ok' });
    expect(await again.verify()).toEqual({ ok: true, entries: 3 });
  });

  it('exports CSV with quoted parameters', async () => {
    const { log } = await logWith(1);
    const csv = auditToCsv(await log.list());
    expect(csv.split('\r\n')[0]).toBe('seq,at,actor,clusterId,action,params,outcome,prevHash,hash');
    expect(csv).toContain('"{""to"":""n0"",""b"":1,""a"":2}"');
  });
});
