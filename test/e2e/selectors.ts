/**
 * CSS selectors for every control and key display the e2e tests touch
 * (Compass style: one place, built from the same test ids the UI uses).
 * Data attributes worth asserting on are listed next to each selector.
 */
import { FormFields, TestIds, type FormField } from '../../renderer/testids';

const id = (testId: string) => `[data-testid="${testId}"]`;
/** Quotes a value for an attribute selector. */
const q = (value: string) => JSON.stringify(value);

export { FormFields, TestIds };

export const Selectors = {
  App: id(TestIds.app),
  DemoBanner: id(TestIds.demoBanner),
  EmptyState: id(TestIds.emptyState),

  // Status bar. StatusConnection has data-state = connecting | open | waiting | closed.
  StatusBar: id(TestIds.statusBar),
  StatusTransport: id(TestIds.statusTransport),
  StatusConnection: id(TestIds.statusConnection),
  statusConnectionIs: (state: 'connecting' | 'open' | 'waiting' | 'closed') => `${id(TestIds.statusConnection)}[data-state=${q(state)}]`,
  StatusLastDelta: id(TestIds.statusLastDelta), // data-seq
  StatusDropped: id(TestIds.statusDropped),

  // Clusters. A list item has data-cluster-id, data-cluster-name, data-selected.
  ClusterList: id(TestIds.clusterList), // data-count
  ClusterListItems: id(TestIds.clusterListItem),
  clusterListItem: (name: string) => `${id(TestIds.clusterListItem)}[data-cluster-name=${q(name)}]`,
  clusterListItemById: (clusterId: string) => `${id(TestIds.clusterListItem)}[data-cluster-id=${q(clusterId)}]`,
  clusterStatus: (name: string) => `${id(TestIds.clusterListItem)}[data-cluster-name=${q(name)}] ${id(TestIds.clusterStatus)}`, // data-status = connecting | live | failed | stopped
  clusterSandboxLabel: (name: string) => `${id(TestIds.clusterListItem)}[data-cluster-name=${q(name)}] ${id(TestIds.clusterSandboxLabel)}`,
  clusterRemove: (name: string) => `${id(TestIds.clusterListItem)}[data-cluster-name=${q(name)}] ${id(TestIds.clusterRemove)}`,
  clusterRemoveConfirm: (name: string) => `${id(TestIds.clusterListItem)}[data-cluster-name=${q(name)}] ${id(TestIds.clusterRemoveConfirm)}`,
  clusterRemoveError: (name: string) => `${id(TestIds.clusterListItem)}[data-cluster-name=${q(name)}] ${id(TestIds.clusterRemoveError)}`,
  ClusterHeader: id(TestIds.clusterHeader), // data-cluster-id
  ClusterWarnings: id(TestIds.clusterWarnings),

  // Add-cluster / connect-agent form (data-mode = postgres | agent).
  AddClusterButton: id(TestIds.addClusterButton),
  ConnectAgentButton: id(TestIds.connectAgentButton),
  AddClusterForm: id(TestIds.addClusterForm),
  formField: (field: FormField) => `${id(TestIds.formField)}[data-field=${q(field)}]`,
  fieldError: (field: FormField) => `${id(TestIds.fieldError)}[data-field=${q(field)}]`,
  FieldErrors: id(TestIds.fieldError),
  FormSubmit: id(TestIds.formSubmit),
  FormCancel: id(TestIds.formCancel),
  FormError: id(TestIds.formError),

  // Topology. A node has data-node-id, data-role, data-status (up | degraded | down | unreachable), data-selected.
  Topology: id(TestIds.topology), // data-cluster-id, data-node-count
  TopologyNodes: id(TestIds.topologyNode),
  topologyNode: (nodeId: string) => `${id(TestIds.topologyNode)}[data-node-id=${q(nodeId)}]`,
  topologyNodeWithRole: (role: string) => `${id(TestIds.topologyNode)}[data-role=${q(role)}]`,
  // An edge label has data-link-id ("from->to"), data-state, data-sync, data-bytes, data-ms (headline replay figures).
  TopologyEdgeLabels: id(TestIds.topologyEdgeLabel),
  topologyEdgeLabel: (linkId: string) => `${id(TestIds.topologyEdgeLabel)}[data-link-id=${q(linkId)}]`,

  // Node / link detail.
  NodeDetail: id(TestIds.nodeDetail), // data-node-id ("" when nothing is selected)
  nodeDetailField: (field: string) => `${id(TestIds.nodeDetailField)}[data-field=${q(field)}]`, // role, status, version, timeline, term, uptime, position, readOnly, replayPaused, notes
  NodeFreshness: `${id(TestIds.nodeDetail)} ${id(TestIds.nodeFreshness)}`, // data-stale, data-age-ms
  NodeSlots: id(TestIds.nodeSlots),
  slotRow: (name: string) => `${id(TestIds.slotRow)}[data-slot=${q(name)}]`, // data-active, data-retaining
  LinkDetail: id(TestIds.linkDetail), // data-link-id, data-state

  // Lag. A chart has data-link-id, data-unit, data-points (drawn, ≤300), data-raw-points,
  // data-latest (newest headline value in the unit), data-latest-at, data-plotted-at, data-history.
  LagPanel: id(TestIds.lagPanel),
  LagCharts: id(TestIds.lagChart),
  lagChart: (linkId: string) => `${id(TestIds.lagChart)}[data-link-id=${q(linkId)}]`,
  lagUnitToggle: (unit: 'bytes' | 'ms') => `${id(TestIds.lagUnitToggle)}[data-unit=${q(unit)}]`,
  LinkTable: id(TestIds.linkTable), // data-count
  linkRow: (linkId: string) => `${id(TestIds.linkRow)}[data-link-id=${q(linkId)}]`, // data-state

  // Events. An item has data-event-id, data-kind, data-severity, data-node-id, data-cluster-id.
  EventsPanel: id(TestIds.eventsPanel),
  EventsFilter: id(TestIds.eventsFilter), // a <select>: "selected", "*" (all) or a cluster id
  EventsList: id(TestIds.eventsList), // data-count
  EventItems: id(TestIds.eventItem),
  eventsOfKind: (kind: string) => `${id(TestIds.eventItem)}[data-kind=${q(kind)}]`,

  // Consensus. A member row has data-member-id, data-node-id, data-role, data-term, data-leader.
  ConsensusPanel: id(TestIds.consensusPanel), // data-leader-id, data-term
  ConsensusMembers: id(TestIds.consensusMember),
  consensusMember: (memberId: string) => `${id(TestIds.consensusMember)}[data-member-id=${q(memberId)}]`,
  ConsensusLeaderRow: `${id(TestIds.consensusMember)}[data-leader="true"]`,
  LeaderTimeline: id(TestIds.leaderTimeline), // data-count
  LeaderTimelineItems: id(TestIds.leaderTimelineItem), // data-node-id, data-at

  // Sandbox toolbar (only for sandbox clusters). Kill/Restart act on the selected node;
  // Slow/Cut/Heal on the selected link (or every link into the selected node).
  SandboxToolbar: id(TestIds.sandboxToolbar),
  SandboxKill: id(TestIds.sandboxKill),
  SandboxRestart: id(TestIds.sandboxRestart),
  SandboxDelayMs: id(TestIds.sandboxDelayMs),
  SandboxBandwidth: id(TestIds.sandboxBandwidth), // KB/s, empty = unlimited
  SandboxSlowLink: id(TestIds.sandboxSlowLink),
  SandboxCutLink: id(TestIds.sandboxCutLink),
  SandboxHealLink: id(TestIds.sandboxHealLink),
  SandboxWriteRate: id(TestIds.sandboxWriteRate),
  SandboxWriteRateApply: id(TestIds.sandboxWriteRateApply),
  SandboxSameKeyA: id(TestIds.sandboxSameKeyA),
  SandboxSameKeyB: id(TestIds.sandboxSameKeyB),
  SandboxSameKeyName: id(TestIds.sandboxSameKeyName),
  SandboxSameKey: id(TestIds.sandboxSameKey),
  SandboxResult: id(TestIds.sandboxResult), // data-state = idle | running | done | failed, data-code on failure
} as const;
