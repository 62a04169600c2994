import type { NodeReading, Sender } from '../../../../electron/drivers/postgres/node-reading';
import type { NodeView } from '../../../../electron/drivers/postgres/node-view';

export const NOW = 1_800_000_000_000;

export function primaryReading(senders: Sender[] = [], over: Partial<NodeReading> = {}): NodeReading {
  return {
    inRecovery: false,
    version: '15.18',
    versionNum: 150018,
    clusterName: 'primary',
    user: 'monitor',
    isSuperuser: false,
    canReadStats: true,
    canReadFiles: true,
    subscriptionCount: 0,
    systemId: '7000',
    serverNowMs: NOW,
    startedAtMs: NOW - 60_000,
    readOnly: false,
    minApplyDelay: '0',
    currentLsn: '0/5000000',
    walFile: '000000020000000000000005',
    receiveLsn: null,
    replayLsn: null,
    replayPaused: false,
    lastReplayAtMs: null,
    lastCommitAtMs: null,
    receiver: null,
    senders,
    slots: [],
    ...over,
  };
}

export function standbyReading(name: string, upstream: { host: string; port: number } | null, over: Partial<NodeReading> = {}): NodeReading {
  return {
    ...primaryReading(),
    inRecovery: true,
    clusterName: name,
    currentLsn: null,
    walFile: null,
    receiveLsn: '0/5000000',
    replayLsn: '0/5000000',
    lastReplayAtMs: NOW - 3_600_000,
    receiver: upstream
      ? {
          status: 'streaming',
          senderHost: upstream.host,
          senderPort: upstream.port,
          slotName: null,
          receivedTli: 2,
          flushedLsn: '0/5000000',
          conninfo: `user=monitor host=${upstream.host} port=${upstream.port} fallback_application_name=${name}`,
          lastMsgReceiptAtMs: NOW,
          timeoutMs: 60_000,
        }
      : null,
    ...over,
  };
}

export function sender(applicationName: string, over: Partial<Sender> = {}): Sender {
  return {
    pid: 100,
    applicationName,
    clientAddr: '127.0.0.1',
    clientHostname: null,
    state: 'streaming',
    sentLsn: '0/5000000',
    writeLsn: '0/5000000',
    flushLsn: '0/5000000',
    replayLsn: '0/5000000',
    writeLagMs: 1,
    flushLagMs: 1,
    replayLagMs: 1,
    syncState: 'async',
    slotName: null,
    slotType: null,
    ...over,
  };
}

/** A node read in this sample. */
export function up(id: string, reading: NodeReading): NodeView {
  const ep = reading.receiver?.senderHost ? `${reading.receiver.senderHost}:${reading.receiver.senderPort}` : null;
  return {
    id,
    reading,
    readAt: NOW,
    failure: null,
    lastReading: reading,
    lastSeenAt: NOW,
    failingSince: null,
    upstreamId: ep,
    streamingFromId: reading.receiver?.status === 'streaming' ? ep : null,
  };
}

/** A node that failed to answer this sample, with what we remembered. */
export function failed(id: string, last: NodeReading | null, upstreamId: string | null, code = 'connection-refused'): NodeView {
  return {
    id,
    reading: null,
    readAt: null,
    failure: { ok: false, code, reason: `${id}: ${code}` },
    lastReading: last,
    lastSeenAt: last ? NOW - 2_000 : null,
    failingSince: NOW - 1_000,
    upstreamId,
    streamingFromId: null,
  };
}
