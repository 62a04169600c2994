import type { AgentSpec } from '../../../shared/model/cluster';
import type { CapabilitiesFactory, ConflictCapable, DriverCapabilities } from '../../core/driver';
import { createAgentDriver, type AgentDriver } from './driver';

export { createAgentDriver, CLIENT_VERSION, type AgentDriver, type AgentDriverOptions } from './driver';
export { AgentConnection, type AgentConnectionStatus, type LatestReport } from './connection';
export { mergeReports, consensusOf } from './merge';

/** What node agents offer: sampling (pushed reports), actions and conflicts; faults in sandbox clusters only. */
export const agentCapabilities: CapabilitiesFactory<AgentSpec> = (spec, ctx) => capabilitiesOf(createAgentDriver(spec, ctx), spec);

/** The record for an agent driver already built (tests build theirs with options). */
export function capabilitiesOf(driver: AgentDriver, spec: Pick<AgentSpec, 'sandbox'>): DriverCapabilities {
  const conflicts = conflictsOf(driver);
  return { sampler: driver, actions: driver, ...(conflicts ? { conflicts } : {}), ...(spec.sandbox ? { faults: driver } : {}) };
}

/**
 * The agent driver's conflict half. `AgentDriver` declares these methods optional (it extends
 * ClusterDriver); once it extends ConflictCapable itself this is `conflicts: driver`.
 */
function conflictsOf(d: AgentDriver): ConflictCapable | null {
  const { onConflict, resolveConflict, readKeyOnNodes, setConflictPolicy, resolveBatch, readKeysOnNodes } = d;
  if (!onConflict || !resolveConflict) return null;
  return {
    onConflict: onConflict.bind(d),
    resolveConflict: resolveConflict.bind(d),
    ...(readKeyOnNodes ? { readKeyOnNodes: readKeyOnNodes.bind(d) } : {}),
    ...(setConflictPolicy ? { setConflictPolicy: setConflictPolicy.bind(d) } : {}),
    ...(resolveBatch ? { resolveBatch: resolveBatch.bind(d) } : {}),
    ...(readKeysOnNodes ? { readKeysOnNodes: readKeysOnNodes.bind(d) } : {}),
  };
}
