import { describe, expect, it } from 'vitest';
import { AgentFrameSchema, ClientFrameSchema, decodeFrame } from '../../../shared/agent/protocol';
import { DEFAULT_AGENT_LIMITS } from '../../../shared/agent/limits';
import type { NodeReport } from '../../../shared/agent/report';

const report: NodeReport = {
  clusterKind: 'primary-replica',
  node: { id: 'n2', name: 'n2', address: 'sandbox://n2', role: 'replica', status: { kind: 'up' }, version: '1', lastSeenAt: 1, position: '42' },
  links: [{ id: 'n1->n2', from: 'n1', to: 'n2', state: 'streaming', sync: 'async', lag: { bytes: { sent: 0, write: 1, flush: 2, replay: 3 }, ms: { write: 0, flush: 0, replay: 4 }, measuredAt: 1, source: 'sandbox' } }],
  slots: [{ nodeId: 'n1', name: 's', kind: 'physical', active: true, retainedBytes: 0, walStatus: null }],
  consensus: null,
  takenAt: 1,
};

const clientFrames = {
  hello: { v: 1, type: 'hello', token: 't0k3n', clientVersion: 'replicadesk/0.1.0' },
  subscribe: { v: 1, type: 'subscribe', intervalMs: 1000 },
  command: { v: 1, type: 'command', id: 'c1', command: { name: 'repoint', upstream: 'n3' } },
  ping: { v: 1, type: 'ping', at: 5 },
  pong: { v: 1, type: 'pong', at: 5 },
};

const agentFrames = {
  welcome: { v: 1, type: 'welcome', agentVersion: '0.1.0', engine: 'sandbox', nodeId: 'n1', capabilities: ['promote', 'fault'], limits: { ...DEFAULT_AGENT_LIMITS } },
  samples: { v: 1, type: 'samples', seq: 0, reports: [report] },
  event: { v: 1, type: 'event', event: { at: 1, kind: 'leader-change', severity: 'warning', nodeId: 'n1', message: 'n1 leads term 3' } },
  commandResultOk: { v: 1, type: 'commandResult', id: 'c1', result: { ok: true, value: { position: '7' } } },
  commandResultFail: { v: 1, type: 'commandResult', id: 'c2', result: { ok: false, code: 'not-primary', reason: 'n2 is a replica' } },
  error: { v: 1, type: 'error', code: 'invalid-payload', reason: 'bad', field: 'intervalMs', issues: [{ path: 'intervalMs', message: 'too small' }] },
  ping: { v: 1, type: 'ping', at: 5 },
  pong: { v: 1, type: 'pong', at: 5 },
};

describe('agent protocol v1 frames', () => {
  it.each(Object.entries(clientFrames))('client frame %s survives a JSON round-trip', (_name, frame) => {
    const decoded = decodeFrame(ClientFrameSchema, JSON.stringify(frame), 'frame');
    expect(decoded).toEqual({ ok: true, value: frame });
  });

  it.each(Object.entries(agentFrames))('agent frame %s survives a JSON round-trip', (_name, frame) => {
    const decoded = decodeFrame(AgentFrameSchema, JSON.stringify(frame), 'frame');
    expect(decoded).toEqual({ ok: true, value: frame });
  });

  const badClient: [string, unknown, string][] = [
    ['hello without token', { v: 1, type: 'hello', clientVersion: 'x' }, 'token'],
    ['hello with empty token', { v: 1, type: 'hello', token: '', clientVersion: 'x' }, 'token'],
    ['hello without clientVersion', { v: 1, type: 'hello', token: 't' }, 'clientVersion'],
    ['subscribe too fast', { v: 1, type: 'subscribe', intervalMs: 10 }, 'intervalMs'],
    ['subscribe too slow', { v: 1, type: 'subscribe', intervalMs: 60_001 }, 'intervalMs'],
    ['subscribe fractional', { v: 1, type: 'subscribe', intervalMs: 300.5 }, 'intervalMs'],
    ['command without id', { v: 1, type: 'command', command: { name: 'promote' } }, 'id'],
    ['command unknown', { v: 1, type: 'command', id: 'c', command: { name: 'drop-table' } }, 'command.name'],
    ['command missing arg', { v: 1, type: 'command', id: 'c', command: { name: 'repoint' } }, 'command.upstream'],
    ['fault with bad delay', { v: 1, type: 'command', id: 'c', command: { name: 'fault', fault: { kind: 'slow-link', to: 'n2', delayMs: -1, bandwidthBytesPerSec: null } } }, 'command.fault.delayMs'],
    ['ping without at', { v: 1, type: 'ping' }, 'at'],
    ['pong with text at', { v: 1, type: 'pong', at: 'now' }, 'at'],
    ['unknown type', { v: 1, type: 'shutdown' }, 'type'],
    ['missing v', { type: 'ping', at: 1 }, 'v'],
  ];
  it.each(badClient)('rejects %s and names the field', (_name, frame, field) => {
    const decoded = decodeFrame(ClientFrameSchema, JSON.stringify(frame), 'frame');
    expect(decoded.ok).toBe(false);
    if (decoded.ok) return;
    expect(decoded.issues?.map((i) => i.path)).toContain(field);
    expect(decoded.reason).toContain(field);
  });

  const badAgent: [string, unknown, string][] = [
    ['welcome without nodeId', { ...agentFrames.welcome, nodeId: undefined }, 'nodeId'],
    ['welcome with unknown capability', { ...agentFrames.welcome, capabilities: ['format-disk'] }, 'capabilities.0'],
    ['welcome without limits', { ...agentFrames.welcome, limits: undefined }, 'limits'],
    ['samples with no reports', { ...agentFrames.samples, reports: [] }, 'reports'],
    ['samples with a bad node status', { ...agentFrames.samples, reports: [{ ...report, node: { ...report.node, status: { kind: 'sleepy' } } }] }, 'reports.0.node.status.kind'],
    ['event with bad kind', { v: 1, type: 'event', event: { ...agentFrames.event.event, kind: 'party' } }, 'event.kind'],
    ['commandResult without id', { ...agentFrames.commandResultOk, id: undefined }, 'id'],
    ['commandResult failure without code', { v: 1, type: 'commandResult', id: 'c', result: { ok: false, reason: 'x' } }, 'result'],
    ['error without code', { ...agentFrames.error, code: undefined }, 'code'],
    ['error without field', { v: 1, type: 'error', code: 'x', reason: 'y' }, 'field'],
  ];
  it.each(badAgent)('rejects %s and names the field', (_name, frame, field) => {
    const decoded = decodeFrame(AgentFrameSchema, JSON.stringify(frame), 'frame');
    expect(decoded.ok).toBe(false);
    if (decoded.ok) return;
    expect(decoded.issues?.map((i) => i.path).some((p) => p === field || p.startsWith(`${field}.`))).toBe(true);
  });

  it('answers text that is not JSON with invalid-json at the root', () => {
    const decoded = decodeFrame(ClientFrameSchema, '{nope', 'frame');
    expect(decoded).toMatchObject({ ok: false, code: 'invalid-json', issues: [{ path: '(root)' }] });
  });

  it('answers another protocol version with unsupported-version on v', () => {
    const decoded = decodeFrame(ClientFrameSchema, JSON.stringify({ ...clientFrames.ping, v: 2 }), 'frame');
    expect(decoded).toMatchObject({ ok: false, code: 'unsupported-version', issues: [{ path: 'v' }] });
  });
});
