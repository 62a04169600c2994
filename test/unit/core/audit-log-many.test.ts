import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AuditLog } from '../../../electron/core/actions/audit-log';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const entry = (i: number) => ({ at: 1_700_000_000_000 + i, actor: 'dba', clusterId: 'c1', action: 'conflict.resolve', params: { conflictId: `c${i}` }, outcome: 'resolved' });

describe('AuditLog.appendMany (a bulk resolution batch)', () => {
  it('chains every entry of a batch after the ones before, in one write, and verifies', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rd-audit-many-'));
    dirs.push(dir);
    const file = path.join(dir, 'audit.jsonl');
    const log = new AuditLog(file);
    await log.append(entry(0));
    const many = await log.appendMany([1, 2, 3].map(entry));
    await log.append(entry(4));
    const entries = await log.list();
    expect(entries.map((e) => e.seq)).toEqual([0, 1, 2, 3, 4]);
    expect(many.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(entries[3]!.prevHash).toBe(entries[2]!.hash);
    expect(await log.verify()).toEqual({ ok: true, entries: 5 });
    // Removing one entry of the batch is caught.
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    writeFileSync(file, [...lines.slice(0, 2), ...lines.slice(3)].join('\n') + '\n');
    expect((await new AuditLog(file).verify()).ok).toBe(false);
  });
});
