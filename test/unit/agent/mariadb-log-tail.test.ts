import { appendFileSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LogTail } from '../../../agent/mariadb/log-tail';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'rd-tail-'));
  file = path.join(dir, 'error.log');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const texts = async (t: LogTail) => (await t.poll()).map((l) => l.text);

describe('LogTail (the mariadb agent follows the error log)', () => {
  it('starts at the end, returns complete lines only, keeps a partial line for the next poll', async () => {
    writeFileSync(file, 'old line 1\nold line 2\n');
    const t = new LogTail(file);
    await t.start();
    expect(await texts(t)).toEqual([]);
    appendFileSync(file, 'new 1\nnew 2 sta');
    expect(await texts(t)).toEqual(['new 1']);
    appendFileSync(file, 'rted\r\n');
    expect(await texts(t)).toEqual(['new 2 started']);
    await t.close();
  });

  it('rotation (rename + new file): drains the old file, then reads the new one from its start', async () => {
    writeFileSync(file, '');
    const t = new LogTail(file);
    await t.start();
    appendFileSync(file, 'before rotation\n');
    renameSync(file, `${file}.1`);
    appendFileSync(`${file}.1`, 'late write to the old file\n');
    writeFileSync(file, 'first in new file\n');
    expect(await texts(t)).toEqual(['before rotation', 'late write to the old file', 'first in new file']);
    appendFileSync(file, 'second\n');
    expect(await texts(t)).toEqual(['second']);
    await t.close();
  });

  it('truncation in place (copytruncate): reads again from offset 0', async () => {
    writeFileSync(file, 'a long first line that will be truncated away\n');
    const t = new LogTail(file);
    await t.start();
    truncateSync(file, 0);
    appendFileSync(file, 'after truncate\n');
    expect(await texts(t)).toEqual(['after truncate']);
    await t.close();
  });

  it('caps line length (cut and flagged, the rest dropped) and bytes per poll', async () => {
    writeFileSync(file, '');
    const t = new LogTail(file, { maxLineBytes: 16, maxBatchBytes: 64 });
    await t.start();
    appendFileSync(file, `${'x'.repeat(40)}\nshort\n`);
    expect(await t.poll()).toEqual([
      { text: 'x'.repeat(16), cut: true },
      { text: 'short', cut: false },
    ]);
    expect(t.cutLines).toBe(1);
    appendFileSync(file, Array.from({ length: 20 }, (_, i) => `line ${String(i).padStart(2, '0')}`).join('\n') + '\n');
    const first = await texts(t);
    expect(first.length).toBeLessThan(20);
    const rest = [...(await texts(t)), ...(await texts(t))];
    expect([...first, ...rest]).toHaveLength(20);
    await t.close();
  });

  it('a missing file is reported, then followed from its start once it appears', async () => {
    const t = new LogTail(file);
    await t.start();
    expect(t.state).toMatchObject({ kind: 'missing', reason: expect.stringMatching(/ENOENT/) });
    expect(await texts(t)).toEqual([]);
    writeFileSync(file, 'hello\n');
    expect(await texts(t)).toEqual(['hello']);
    expect(t.state).toMatchObject({ kind: 'reading', offset: 6 });
    await t.close();
  });
});
