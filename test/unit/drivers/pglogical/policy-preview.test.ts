import { describe, expect, it } from 'vitest';
import { previewPolicy, wouldKeep } from '../../../../electron/drivers/postgres/pglogical/policy';
import type { Observation } from '../../../../electron/drivers/postgres/pglogical/observation';
import { restartStatements } from '../../../../electron/drivers/postgres/pglogical/worker-restart';
import type { ConflictKind } from '../../../../shared/model/conflict';

/** One node's view of a conflict: what it kept, and whether the incoming change was the later one. */
const obs = (kind: ConflictKind, kept: 'local' | 'remote', remoteLater: boolean, timeKnown = true) =>
  ({ kind, error: false, kept, local: { committedAt: 1, timeKnown }, remote: { committedAt: remoteLater ? 2 : 0, timeKnown: true } }) as unknown as Observation;

/** An update/update between n1 and n2 (n2 later), as last_update_wins logs it on three nodes: n1 and n3 apply n2's, n2 keeps its own. */
const uu = () => [obs('update-update', 'remote', true), obs('update-update', 'local', false), obs('update-update', 'remote', true)];
const ii = () => [obs('insert-insert', 'remote', true), obs('insert-insert', 'local', false)];
/** update/delete and delete/delete: the row is gone, the change is skipped (no commit time for the local side). */
const ud = () => [obs('update-delete', 'local', false, false)];
const dd = () => [obs('delete-delete', 'local', false, false), obs('delete-delete', 'local', false, false)];

describe('pglogical engine-policy preview counts conflicts, not log lines', () => {
  it('the trial\'s four conflicts (uu, ii, ud, dd logged on six lines) count as two', () => {
    const p = previewPolicy('first_update_wins', [uu(), ii(), ud(), dd()]);
    expect(p).toMatchObject({ considered: 2, flipped: 2, deletions: 2, stops: 0 });
    expect(p.summary).toBe(
      'with first_update_wins, 2 of the 2 update/update and insert/insert conflicts read so far would have gone the other way (2 update/delete and delete/delete conflicts are not counted: pglogical skips a change whose row is gone whatever the policy)',
    );
  });

  it('the policy in force flips nothing; keep_local flips a conflict where any node applied the remote side', () => {
    expect(previewPolicy('last_update_wins', [uu(), ii()]).flipped).toBe(0);
    expect(previewPolicy('keep_local', [uu(), ii()]).flipped).toBe(2);
    expect(previewPolicy('apply_remote', [uu(), ii()]).flipped).toBe(2);
    expect(previewPolicy('apply_remote', [[obs('update-update', 'remote', true)]]).flipped).toBe(0);
  });

  it('every conflict read is considered (no cap of 20): 251 listed, 251 counted', () => {
    const many = Array.from({ length: 251 }, uu);
    expect(previewPolicy('first_update_wins', many).summary).toBe('with first_update_wins, 251 of the 251 update/update and insert/insert conflicts read so far would have gone the other way');
  });

  it('words one conflict, none, only deletions, and error', () => {
    expect(previewPolicy('first_update_wins', [uu()]).summary).toBe('with first_update_wins, 1 of the 1 update/update or insert/insert conflict read so far would have gone the other way');
    expect(previewPolicy('first_update_wins', []).summary).toMatch(/^no update\/update or insert\/insert conflict with both versions logged has been read yet/);
    const onlyDeletes = previewPolicy('keep_local', [dd()]);
    expect(onlyDeletes).toMatchObject({ considered: 0, flipped: 0, deletions: 1 });
    expect(onlyDeletes.summary).toContain('(1 update/delete or delete/delete conflict is not counted');
    expect(previewPolicy('error', [uu(), ii(), dd()])).toMatchObject({ considered: 2, stops: 2, flipped: 0 });
  });

  it('wouldKeep follows the policy', () => {
    expect(wouldKeep('apply_remote', obs('update-update', 'local', false))).toBe('remote');
    expect(wouldKeep('first_update_wins', obs('update-update', 'remote', true))).toBe('local');
    expect(wouldKeep('error', obs('update-update', 'remote', true))).toBeNull();
  });
});

describe('the worker restart in the preview', () => {
  it('lists a disable and an enable per subscription, the id a bind parameter', () => {
    const lines = restartStatements('n1', [{ id: '4198607667', provider: 'n2' }]);
    expect(lines).toEqual([
      '-- n1, subscription from n2: its apply worker restarts so the new value takes effect',
      'SELECT pglogical.alter_subscription_disable(s.sub_name, immediate := true) AS done FROM pglogical.subscription s WHERE s.sub_id = $1::oid -- $1 = "4198607667"',
      'SELECT pglogical.alter_subscription_enable(s.sub_name, immediate := true) AS done FROM pglogical.subscription s WHERE s.sub_id = $1::oid -- $1 = "4198607667"',
    ]);
  });
});
