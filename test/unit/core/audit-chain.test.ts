import { afterEach, describe, expect, it } from 'vitest';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AuditLog } from '../../../electron/core/actions/audit-log';
import type { AuditEntry } from '../../../shared/model/action';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const entry = (i: number) => ({ at: 1_700_000_000_000 + i, actor: 'dba', clusterId: 'c1', action: 'switchover', params: { to: `n${i}` }, outcome: 'done' });

async function logWith(n: number) {
  const dir = mkdtempSync(path.join(tmpdir(), 'rd-audit-'));
  dirs.push(dir);
  const file = path.join(dir, 'audit.jsonl');
  const log = new AuditLog(file);
  for (let i = 0; i < n; i++) await log.append(entry(i));
  return { dir, file, log };
}

/** What anyone can compute without a key: the SHA-256 the log used before it was keyed. */
function sha(e: Omit<AuditEntry, 'hash'>): string {
  const sortKeys = (v: unknown): unknown =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, sortKeys(x)])) : v;
  return createHash('sha256').update(JSON.stringify([e.seq, e.at, e.actor, e.clusterId, e.action, sortKeys(e.params), e.outcome, e.prevHash])).digest('hex');
}

/** Rewrites every entry with `edit`, recomputing each hash and link as an attacker without the key would. */
function rewriteWithPlainHashes(file: string, edit: (e: AuditEntry) => AuditEntry): void {
  let prev = '0'.repeat(64);
  const out = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => {
    const e = edit(JSON.parse(l) as AuditEntry);
    const base = { ...e, prevHash: prev };
    const full = { ...base, hash: sha(base) };
    prev = full.hash;
    return JSON.stringify(full);
  });
  writeFileSync(file, `${out.join('\n')}\n`);
}

describe('audit chain: keyed, with a head kept apart', () => {
  it('catches the last entries being deleted', async () => {
    const { file } = await logWith(4);
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    writeFileSync(file, `${lines.slice(0, 2).join('\n')}\n`);
    expect(await new AuditLog(file).verify()).toMatchObject({ ok: false, seq: 2, reason: expect.stringMatching(/ends at entry 1 but the head records entry 3: 2 entries were removed/) });
  });

  it('catches the whole log being emptied', async () => {
    const { file } = await logWith(2);
    writeFileSync(file, '');
    expect(await new AuditLog(file).verify()).toMatchObject({ ok: false, reason: expect.stringMatching(/head records entry 1/) });
  });

  it('catches entries rewritten with their hashes recomputed (no key)', async () => {
    const { file } = await logWith(3);
    rewriteWithPlainHashes(file, (e) => (e.seq === 1 ? { ...e, outcome: 'failed' } : e));
    expect(await new AuditLog(file).verify()).toMatchObject({ ok: false, seq: 0, reason: expect.stringMatching(/entry 0 was altered.*keyed hash/) });
  });

  it('catches a deleted head, and a head edited to match a truncated log', async () => {
    const { dir, file } = await logWith(3);
    const headFile = path.join(dir, 'audit.head.json');
    const head = JSON.parse(readFileSync(headFile, 'utf8')) as { seq: number; hash: string; mac: string };
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    writeFileSync(file, `${lines.slice(0, 2).join('\n')}\n`);
    const second = JSON.parse(lines[1]!) as AuditEntry;
    writeFileSync(headFile, JSON.stringify({ seq: 1, hash: second.hash, mac: head.mac }));
    expect(await new AuditLog(file).verify()).toMatchObject({ ok: false, reason: expect.stringMatching(/head.*was altered/) });
    rmSync(headFile);
    expect(await new AuditLog(file).verify()).toMatchObject({ ok: false, reason: expect.stringMatching(/head.*is missing/) });
  });

  it('keeps the key in the secret store (0600), not in the log or the head', async () => {
    const { dir } = await logWith(1);
    const keyFile = JSON.parse(readFileSync(path.join(dir, 'audit-key.json'), 'utf8')) as { audit: { key: string } };
    expect(keyFile.audit.key).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(path.join(dir, 'audit.jsonl'), 'utf8')).not.toContain(keyFile.audit.key);
    expect(readFileSync(path.join(dir, 'audit.head.json'), 'utf8')).not.toContain(keyFile.audit.key);
  });
});

describe('audit chain: an unparsable line', () => {
  it('never blocks an append, and verify names its line number', async () => {
    const { file } = await logWith(2);
    appendFileSync(file, '{"this is": not json\n');
    const again = new AuditLog(file);
    const next = await again.append(entry(2));
    expect(next.seq).toBe(2);
    expect((await again.list()).map((e) => e.seq)).toContain(2);
    expect(await again.verify()).toMatchObject({ ok: false, seq: 2, reason: expect.stringMatching(/^line 3 of the audit log is not JSON/) });
  });
});

describe('audit chain: a log written before it was keyed', () => {
  it('verifies the legacy part with a note, keys new entries after it, and then catches a rewrite of the legacy part', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rd-audit-'));
    dirs.push(dir);
    const file = path.join(dir, 'audit.jsonl');
    writeFileSync(file, [0, 1].map((i) => JSON.stringify({ ...entry(i), seq: i, prevHash: '', hash: '' })).join('\n') + '\n');
    rewriteWithPlainHashes(file, (e) => e); // a valid legacy SHA-256 chain
    const log = new AuditLog(file);
    const first = await log.verify();
    expect(first).toMatchObject({ ok: true, entries: 2, notes: [expect.stringMatching(/entries 0-1 were written before the log was keyed.*Entries from 2 on are keyed/)] });
    await log.append(entry(2));
    expect(await log.verify()).toMatchObject({ ok: true, entries: 3 });
    rewriteWithPlainHashes(file, (e) => (e.seq === 0 ? { ...e, outcome: 'failed' } : e));
    expect(await new AuditLog(file).verify()).toMatchObject({ ok: false, seq: 2, reason: expect.stringMatching(/entry 2 was altered.*keyed/) });
  });
});
