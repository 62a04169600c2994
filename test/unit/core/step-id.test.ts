import { describe, expect, it } from 'vitest';
import { joinStepId, splitStepId } from '../../../electron/core/actions/step-id';
import { parseStepId, stepId } from '../../../electron/drivers/postgres/actions/step-id';

describe('step ids', () => {
  it('keep node addresses readable and drop absent parts', () => {
    expect(joinStepId(['promote', '127.0.0.1:5432', null])).toBe('promote~127.0.0.1:5432');
    expect(splitStepId('promote~127.0.0.1:5432')).toEqual(['promote', '127.0.0.1:5432']);
  });

  it('round-trip names holding the separator or a percent sign', () => {
    const id = joinStepId(['repoint', 'db~1', '50%-node']);
    expect(id.split('~')).toHaveLength(3);
    expect(splitStepId(id)).toEqual(['repoint', 'db~1', '50%-node']);
    expect(parseStepId(stepId({ op: 'repoint', node: 'db~1', peer: 'db~2' }))).toEqual({ op: 'repoint', node: 'db~1', peer: 'db~2' });
  });

  it('refuse what is not an id of ours', () => {
    expect(splitStepId('bad%E0%A4%A')).toEqual([]);
    expect(parseStepId('explode~n1')).toBeNull();
  });
});
