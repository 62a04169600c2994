import { describe, expect, it } from 'vitest';
import { clusterHeadline, type HeadlineInput } from '../../../electron/core/cluster-state/headline';
import { buildSample } from '../../../electron/drivers/mariadb/build-sample';
import type { ClusterKind } from '../../../shared/model/cluster';
import { headlineSeverity } from '../../../shared/model/cluster-state';
import type { ClusterSample } from '../../../shared/model/sample';
import { AT, channel, failedView, reading, readView } from '../drivers/mariadb/fixtures';

const limits = { lagThresholdBytes: 1e9, lagThresholdMs: 1e9 };
const headline = (sample: ClusterSample, kind: ClusterKind) => clusterHeadline({ sample, kind, available: [], limits, previous: null } satisfies HeadlineInput);
const sampleOf = (views: Parameters<typeof buildSample>[0]['views']) => buildSample({ clusterId: 'c', takenAt: AT, durationMs: 0, views, queriesPerNode: 1, warnings: [] });

describe('headline when no server answers (full outage)', () => {
  it('a MariaDB chain with every server stopped is red "no server answers", not amber "primary unreachable"', () => {
    const s = sampleOf([failedView(3301, reading(3301)), failedView(3302, reading(3302, { channels: [channel(3301)] })), failedView(3304, reading(3304, { channels: [channel(3302)] }))]);
    const h = headline(s, 'primary-replica');
    expect(h.state).toBe('no-server-answers');
    expect(headlineSeverity(h.state)).toBe('bad');
    expect(h.title).toContain('no server answers');
  });

  it('master-master and Galera (multi-primary) with every server stopped are red too, not "degraded"', () => {
    const mm = sampleOf([failedView(3301, reading(3301, { channels: [channel(3302)] })), failedView(3302, reading(3302, { channels: [channel(3301)] }))]);
    expect(headlineSeverity(headline(mm, 'multi-primary').state)).toBe('bad');
    expect(headline(mm, 'multi-primary').state).toBe('no-server-answers');
  });

  it('DeadMaster still holds when a replica answers: primary unreachable while it streams, down once its IO thread is lost', () => {
    const streaming = sampleOf([failedView(3301, reading(3301)), readView(reading(3302, { channels: [channel(3301)] }))]);
    expect(headline(streaming, 'primary-replica').state).toBe('primary-unreachable');
    const lost = sampleOf([failedView(3301, reading(3301)), readView(reading(3302, { channels: [channel(3301, { ioRunning: 'Connecting' })] }))]);
    expect(headline(lost, 'primary-replica').state).toBe('primary-down');
  });
});
