import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { usedBytes } from '../../../../electron/core/history/retention';
import { delta, point, sample, store, tempFile } from './fixtures';

const T0 = 1_700_000_000_000;

function fill(h: ReturnType<typeof store>, links: number, seconds: number, start: number): void {
  for (let s = 0; s < seconds; s += 60) {
    const lagPoints = [];
    for (let t = s; t < Math.min(seconds, s + 60); t++) {
      for (let l = 0; l < links; l++) lagPoints.push({ clusterId: 'c', linkId: `p->r${l}`, point: point(start + t * 1_000, (t * 7919 + l * 104_729) % 5_000_000) });
    }
    h.ingest(delta({ lagPoints }));
    h.flush();
  }
}

describe('retention and the size cap', () => {
  it('drops data past its age per tier', () => {
    const clock = { t: T0 + 3 * 3_600_000 };
    const h = store(tempFile(), clock, { retention: { rawMs: 3_600_000, tenSecMs: 2 * 3_600_000 } });
    fill(h, 2, 3 * 3_600, T0);
    h.maintain();
    const s = h.status();
    expect(s.oldest.raw).toBeGreaterThanOrEqual(clock.t - 3_600_000);
    expect(s.oldest['10s']).toBeGreaterThanOrEqual(clock.t - 2 * 3_600_000);
    expect(s.oldest['1m']).toBeLessThanOrEqual(T0);
    h.close();
  });

  it('keeps the database under its cap by dropping the oldest fine-grained data first', { timeout: 60_000 }, () => {
    const clock = { t: T0 + 2 * 3_600_000 };
    const capBytes = 8 * 1024 * 1024;
    const h = store(tempFile(), clock, { retention: { capBytes } });
    fill(h, 20, 2 * 3_600, T0);
    expect(usedBytes(h.database)).toBeGreaterThan(capBytes);
    h.maintain();
    expect(usedBytes(h.database)).toBeLessThanOrEqual(capBytes);
    const s = h.status();
    expect(s.oldest.raw).toBeGreaterThan(T0 + 30 * 60_000); // raw gave way
    expect(s.oldest['10s']).toBeLessThanOrEqual(T0); // the coarser tiers still reach back
    expect(s.oldest['1m']).toBeLessThanOrEqual(T0);
    h.close();
  });
});

describe('a damaged or unusable file', () => {
  it('moves a file that is not a database aside, starts a new one, and says so', () => {
    const file = tempFile();
    writeFileSync(file, 'this is not a database'.repeat(500));
    const clock = { t: T0 };
    const h = store(file, clock);
    const s = h.status();
    expect(s.mode).toBe('file');
    expect(s.problem).toMatch(/moved to .*corrupt-/);
    const aside = readdirSync(path.dirname(file)).filter((f) => f.includes('.corrupt-'));
    expect(aside).toHaveLength(1);
    h.ingest(delta({ samples: [sample('c', T0, 'a', ['b'])] }));
    expect(h.at('c', T0).sample?.nodes).toHaveLength(2);
    h.close();
  });

  it('keeps history in memory when the directory cannot hold a file', () => {
    const dir = tempFile(); // a path under a directory; make the "file" a directory so SQLite cannot open it
    writeFileSync(`${dir}.x`, '');
    const file = path.join(`${dir}.x`, 'history.db'); // parent is a regular file
    const h = store(file, { t: T0 });
    expect(h.status()).toMatchObject({ mode: 'memory', problem: expect.stringMatching(/cannot be opened/) });
    expect(existsSync(file)).toBe(false);
    h.ingest(delta({ samples: [sample('c', T0, 'a', ['b'])] }));
    expect(h.at('c', T0).sample?.nodes).toHaveLength(2);
    h.close();
  });
});
