import fc from 'fast-check';
import { channels } from '../../shared/ipc/contract';

/** A frame to send as text, or as a binary message. */
export type FuzzFrame = string | Buffer;

const json = fc.jsonValue({ maxDepth: 4 });

const brokenText = fc.oneof(
  fc.string({ maxLength: 200 }),
  json.map((v) => JSON.stringify(v)).map((t) => t.slice(0, Math.max(0, t.length - 1))),
  fc.constantFrom('', '{', '}', 'null', '[]', '{"id":', '\u0000', '\ud800', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"y":1}}}'),
  fc.constant(`${'['.repeat(10_000)}${']'.repeat(10_000)}`),
  fc.constant(JSON.stringify({ id: 1, channel: 'clusters:list', request: 'x'.repeat(400_000) })),
);

const ids = fc.oneof(fc.nat(), fc.constantFrom(-1, 1.5, 1e308, Number.MAX_SAFE_INTEGER + 2, '1', null), json);

/** Malformed and random frames for the browser-mode bridge (shared/ipc/bridge-frames.ts). */
export const bridgeFrame: fc.Arbitrary<FuzzFrame> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ id: ids, channel: fc.constantFrom(...channels), request: json }).map((f) => JSON.stringify(f)) },
  { weight: 2, arbitrary: fc.record({ id: ids, channel: fc.oneof(fc.string(), json), request: json }, { requiredKeys: [] }).map((f) => JSON.stringify(f)) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.nat(), fc.constantFrom(...channels), fc.dictionary(fc.constantFrom('clusterId', 'name', 'engine', 'seeds', 'id', 'conflictId', 'runId', 'nodeId', 'limit', 'plan'), json))
      .map(([id, channel, request]) => JSON.stringify({ id, channel, request })),
  },
  { weight: 2, arbitrary: brokenText },
  { weight: 1, arbitrary: json.map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)) },
);

const agentTypes = ['ping', 'pong', 'hello', 'subscribe', 'command', 'welcome', 'samples', 'event', 'commandResult', 'error', 'x'];
const commandNames = ['promote', 'fence', 'unfence', 'repoint', 'rejoin', 'write', 'read', 'transferLeadership', 'resolveConflict', 'setConflictPolicy', 'resolveConflicts', 'readKeys', 'stop', 'start', 'controlData', 'rewind', 'writeStandbyConfig', 'nope'];

/** Malformed and random frames for a node agent after `hello` (shared/agent/protocol.ts). Never a kill-node fault. */
export const agentFrame: fc.Arbitrary<FuzzFrame> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .record({ v: fc.oneof(fc.constant(1), json), type: fc.constantFrom(...agentTypes), at: json, intervalMs: json, id: json, token: json }, { requiredKeys: ['v', 'type'] })
      .map((f) => JSON.stringify(f)),
  },
  {
    weight: 3,
    arbitrary: fc
      .record({ id: fc.oneof(fc.string({ maxLength: 40 }), json), name: fc.constantFrom(...commandNames), upstream: json, key: json, value: json, to: json, policy: json, source: json })
      .map(({ id, ...command }) => JSON.stringify({ v: 1, type: 'command', id, command })),
  },
  { weight: 1, arbitrary: fc.integer({ min: -10, max: 100_000 }).map((intervalMs) => JSON.stringify({ v: 1, type: 'subscribe', intervalMs })) },
  { weight: 2, arbitrary: brokenText.filter((t) => t.length < 200_000) },
  { weight: 1, arbitrary: json.map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)) },
);

export function sampleFrames(arb: fc.Arbitrary<FuzzFrame>, seed: number, count: number): FuzzFrame[] {
  return fc.sample(arb, { seed, numRuns: count });
}
