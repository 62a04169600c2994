import { describe, expect, it } from 'vitest';
import { policyCaveat } from '../../../../electron/drivers/postgres/pglogical/overturn-plan';

describe('pglogical overturn preview: the policy read on each node', () => {
  const node = (nodeId: string, policy: string | null) => ({ nodeId, name: nodeId.replace('h', 'n'), policy });

  it('names the other nodes that keep their own older row (first_update_wins, keep_local)', () => {
    const c = policyCaveat({ nodeId: 'h1', policy: 'last_update_wins', policies: [node('h1', 'first_update_wins'), node('h2', 'first_update_wins'), node('h3', 'keep_local')] });
    expect(c).toContain('Warning: n2 (first_update_wins), n3 (keep_local) keep their own row');
    expect(c).toContain('the overturn will not win there');
    expect(c).not.toContain('n1 (');
  });

  it('says the change wins where every other node lets the newer change win', () => {
    expect(policyCaveat({ nodeId: 'h1', policy: null, policies: [node('h1', 'keep_local'), node('h2', 'last_update_wins'), node('h3', 'apply_remote')] })).toBe(
      ' The other nodes run last_update_wins, apply_remote: the new change wins there.',
    );
  });

  it('falls back to the decision’s own policy when no node was read', () => {
    expect(policyCaveat({ nodeId: 'h1', policy: 'first_update_wins' })).toContain('Under first_update_wins a node whose own row is older may keep it');
  });
});
