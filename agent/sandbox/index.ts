/**
 * Sandbox backends: small in-memory replicated stores that behave like the
 * real thing (see README.md). Each factory returns a SandboxCluster whose
 * nodes are NodeBackends; pass `scheduler` to drive the clock in tests.
 */
export { createPrimaryReplicaSandbox, type PrimaryReplicaOptions } from './log-shipping';
export { createMultiPrimarySandbox, type MultiPrimaryOptions } from './multi-primary';
export { createRaftSandbox, type RaftOptions } from './raft';
export { FieldRuleSchema, FieldRulesSchema, PreferNodeRuleSchema, type FieldRule, type FieldRules } from './multi-primary/rules';
export type { SandboxHandle } from './common/backend';
export type { SandboxOptions } from './common/options';
export { SimScheduler } from './sim/scheduler';
