import { describe, expect, it } from 'vitest';
import { nodeHeadlineRole } from '../../../renderer/features/clusters/headline-store';
import { headlineLabel, headlineSentence } from '../../../renderer/features/clusters/headline-text';
import { headlineSeverity, type ClusterHeadline } from '../../../shared/model/cluster-state';

const h: ClusterHeadline = {
  clusterId: 'c',
  state: 'partly-read',
  title: "partly read: could not read pglogical's nodes and subscriptions on n1",
  since: 1_000,
  asOf: 13_000,
  nodes: ['n1'],
  nodeIds: ['127.0.0.1:35055'],
  suggestion: { kind: null, target: null, text: 'reading them failed on 127.0.0.1:35055 (its warning says why and which grant it needs)' },
};

describe('headline text for a partly read cluster (trial 14 finding 8)', () => {
  it('is amber "partly read", says what could not be read and why, and colours no node as failed', () => {
    expect(headlineLabel('partly-read')).toBe('partly read');
    expect(headlineSeverity('partly-read')).toBe('warn');
    expect(headlineSentence(h, 1_000, 13_500)).toBe(`${h.title} 12 s: ${h.suggestion!.text}`);
    expect(nodeHeadlineRole({ byCluster: { c: h } }, 'c', '127.0.0.1:35055')).toBeNull();
  });
});
