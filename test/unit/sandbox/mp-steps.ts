import fc from 'fast-check';
import type { FieldRule, PolicyRequest } from '../../../shared/ipc/conflict-policy';
import type { ResolveChoice } from '../../../shared/ipc/conflicts';
import { PEERS } from './mp-harness';

/** Random histories for the multi-primary sandbox: the steps and their arbitraries. */
export const KEYS = ['k0', 'k1', 'k2', 'k3'];
const peerIx = fc.nat({ max: 2 });
const item = fc.record(
  { qty: fc.integer({ min: 0, max: 50 }), price: fc.integer({ min: 1, max: 99 }), tags: fc.subarray(['a', 'b', 'c', 'd']), by: fc.constantFrom(...PEERS) },
  { requiredKeys: ['qty'] },
);
const value = fc.oneof({ weight: 9, arbitrary: item }, { weight: 1, arbitrary: fc.constant(null) });
const fieldRule: fc.Arbitrary<FieldRule> = fc.oneof(
  fc.constantFrom<FieldRule>({ kind: 'newest' }, { kind: 'max' }, { kind: 'min' }, { kind: 'union' }, { kind: 'sum' }),
  fc.constantFrom(...PEERS).map((node): FieldRule => ({ kind: 'prefer-node', node })),
);
const policy: fc.Arbitrary<PolicyRequest> = fc.oneof(
  fc.constantFrom<PolicyRequest>({ policy: 'manual' }, { policy: 'version-vector' }, { policy: 'last-writer-wins' }),
  fc.constantFrom(...PEERS).map((node): PolicyRequest => ({ policy: 'prefer-node', node })),
  fc
    .record({ fields: fc.record({ qty: fieldRule, price: fieldRule, tags: fieldRule, by: fieldRule }, { requiredKeys: [] }), otherwise: fieldRule })
    .map((rules): PolicyRequest => ({ policy: 'field-rules', rules })),
);
const choice: fc.Arbitrary<ResolveChoice> = fc.oneof(
  fc.record({ kind: fc.constant('keep' as const), version: fc.nat({ max: 3 }) }),
  fc.record({ kind: fc.constant('merge' as const), fields: fc.record({ qty: fc.nat({ max: 3 }), tags: fc.nat({ max: 3 }), by: fc.nat({ max: 3 }) }, { requiredKeys: [] }) }),
  fc.record({ kind: fc.constant('custom' as const), value }),
);

export type Step =
  | { kind: 'write'; peer: number; key: number; value: unknown }
  | { kind: 'pair'; a: number; b: number; key: number }
  | { kind: 'cut' | 'heal'; a: number; b: number }
  | { kind: 'kill' | 'restart'; peer: number }
  | { kind: 'deliver'; ms: number }
  | { kind: 'resolve'; pick: number; via: number; choice: ResolveChoice }
  | { kind: 'policy'; via: number; policy: PolicyRequest };

export const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('write' as const), peer: peerIx, key: fc.nat({ max: 3 }), value }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('pair' as const), a: peerIx, b: peerIx, key: fc.nat({ max: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('cut' as const, 'heal' as const), a: peerIx, b: peerIx }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('kill' as const, 'restart' as const), peer: peerIx }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('deliver' as const), ms: fc.integer({ min: 0, max: 150 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('resolve' as const), pick: fc.nat(), via: peerIx, choice }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('policy' as const), via: peerIx, policy }) },
);
