/**
 * Every data-testid the UI puts on a control or key display. The e2e
 * selectors (test/e2e/selectors.ts) are built from these, so they never drift.
 */
export const TestIds = {
  app: 'app',
  demoBanner: 'demo-banner',
  // status bar
  statusBar: 'status-bar',
  statusTransport: 'status-transport',
  statusConnection: 'status-connection',
  statusLastDelta: 'status-last-delta',
  statusDropped: 'status-dropped',
  // clusters
  clusterList: 'cluster-list',
  clusterListItem: 'cluster-list-item',
  clusterStatus: 'cluster-status',
  clusterSandboxLabel: 'cluster-sandbox-label',
  clusterRemove: 'cluster-remove',
  clusterRemoveConfirm: 'cluster-remove-confirm',
  clusterRemoveError: 'cluster-remove-error',
  addClusterButton: 'add-cluster-button',
  connectAgentButton: 'connect-agent-button',
  addClusterForm: 'add-cluster-form',
  formField: 'form-field',
  fieldError: 'field-error',
  formSubmit: 'form-submit',
  formCancel: 'form-cancel',
  formError: 'form-error',
  clusterHeader: 'cluster-header',
  clusterWarnings: 'cluster-warnings',
  emptyState: 'empty-state',
  // topology
  topology: 'topology',
  topologyNode: 'topology-node',
  topologyEdgeLabel: 'topology-edge-label',
  // node detail
  nodeDetail: 'node-detail',
  nodeDetailField: 'node-detail-field',
  nodeFreshness: 'node-freshness',
  nodeSlots: 'node-slots',
  slotRow: 'slot-row',
  linkDetail: 'link-detail',
  // lag
  lagPanel: 'lag-panel',
  lagChart: 'lag-chart',
  lagUnitToggle: 'lag-unit-toggle',
  linkTable: 'link-table',
  linkRow: 'link-row',
  // events
  eventsPanel: 'events-panel',
  eventsFilter: 'events-filter',
  eventsList: 'events-list',
  eventItem: 'event-item',
  // consensus
  consensusPanel: 'consensus-panel',
  consensusMember: 'consensus-member',
  leaderTimeline: 'leader-timeline',
  leaderTimelineItem: 'leader-timeline-item',
  // sandbox
  sandboxToolbar: 'sandbox-toolbar',
  sandboxKill: 'sandbox-kill-node',
  sandboxRestart: 'sandbox-restart-node',
  sandboxDelayMs: 'sandbox-delay-ms',
  sandboxBandwidth: 'sandbox-bandwidth',
  sandboxSlowLink: 'sandbox-slow-link',
  sandboxCutLink: 'sandbox-cut-link',
  sandboxHealLink: 'sandbox-heal-link',
  sandboxWriteRate: 'sandbox-write-rate',
  sandboxWriteRateApply: 'sandbox-write-rate-apply',
  sandboxSameKeyA: 'sandbox-same-key-a',
  sandboxSameKeyB: 'sandbox-same-key-b',
  sandboxSameKeyName: 'sandbox-same-key-name',
  sandboxSameKey: 'sandbox-same-key',
  sandboxResult: 'sandbox-result',
} as const;

export type TestId = (typeof TestIds)[keyof typeof TestIds];

/** Names of the add-cluster form fields (data-field on each input and its error). */
export const FormFields = {
  name: 'name',
  seeds: 'seeds',
  sampleIntervalMs: 'sampleIntervalMs',
  discoveryPorts: 'discoveryPorts',
  lagThresholdBytes: 'lagThresholdBytes',
  lagThresholdMs: 'lagThresholdMs',
  agents: 'agents',
  token: 'token',
} as const;

export type FormField = (typeof FormFields)[keyof typeof FormFields];
