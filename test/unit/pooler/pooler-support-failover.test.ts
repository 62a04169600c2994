import { describe, expect, it } from 'vitest';
import { ActionRequestSchema, type ActionPlan } from '../../../shared/model/action';
import { ok } from '../../../shared/result';
import { createLogger } from '../../../electron/core/logger';
import { toStep } from '../../../electron/drivers/postgres/actions/plan-steps';
import type { PgTarget } from '../../../electron/drivers/postgres/conn-string';
import { PoolerSupport } from '../../../electron/drivers/postgres/pooler/pooler-support';

const OLD = '127.0.0.1:1';
const NEW = '127.0.0.1:2';
const target = (id: string): PgTarget => ({ host: '127.0.0.1', port: Number(id.split(':')[1]), user: 'postgres', password: 'x', database: 'postgres', sslmode: 'disable', sslrootcert: undefined });
const steps = (['verify', 'promote', 'wait-writable', 'fence-reminder'] as const).map((op) => toStep({ op, node: op === 'fence-reminder' ? OLD : NEW, title: op, command: op, abortableBefore: true }));
const failover: ActionPlan = { id: 'p', clusterId: 'c', kind: 'failover', target: NEW, createdAt: 0, checks: [], steps, expectedDataLossBytes: 0, expectedUnavailableMs: null };

describe('PoolerSupport.extend for a failover', () => {
  it('does not connect to the old primary (it is gone; its sessions only matter for a PAUSE)', async () => {
    const asked: string[] = [];
    const support = new PoolerSupport({
      // Nothing listens on port 1: the pooler reads as unreachable at once.
      specs: [{ name: 'b1', host: '127.0.0.1', port: 1, user: 'a', password: 'p', pauseTimeoutMs: 2_000 }],
      ids: () => [OLD, NEW],
      targetOf: (id) => (asked.push(id), target(id)),
      timeouts: { connectTimeoutMs: 500, queryTimeoutMs: 500 },
      now: Date.now,
      log: createLogger('test/pooler-support'),
    });
    try {
      const out = await support.extend(ok(failover), ActionRequestSchema.parse({ clusterId: 'c', kind: 'failover', target: NEW }), new AbortController().signal);
      expect(out.ok).toBe(true);
      expect(asked.filter((id) => id === OLD)).toEqual([]);
    } finally {
      await support.dispose();
    }
  });
});
