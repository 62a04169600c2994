import { describe, expect, it } from 'vitest';
import { roleLabel } from '../../../renderer/features/topology/role-label';

describe('the role a topology card prints', () => {
  it('is the current role for a node that answers', () => {
    expect(roleLabel('primary', 'up')).toBe('PRIMARY');
    expect(roleLabel('replica', 'degraded')).toBe('replica');
  });

  it('is the past for a node that does not answer: a stopped primary is not shown as primary now', () => {
    expect(roleLabel('primary', 'down')).toBe('was PRIMARY');
    expect(roleLabel('primary', 'unreachable')).toBe('was PRIMARY');
    expect(roleLabel('cascading-replica', 'down')).toBe('was cascading');
  });

  it('prints an unknown role as it came', () => {
    expect(roleLabel('arbiter', 'up')).toBe('arbiter');
  });
});
