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

  // Status bar. StatusConnection has data-state = connecting | open | waiting | closed | ended.
  StatusBar: id(TestIds.statusBar),
  StatusTransport: id(TestIds.statusTransport),
  StatusConnection: id(TestIds.statusConnection),
  statusConnectionIs: (state: 'connecting' | 'open' | 'waiting' | 'closed' | 'ended') => `${id(TestIds.statusConnection)}[data-state=${q(state)}]`,
  StatusLastDelta: id(TestIds.statusLastDelta), // data-seq
  StatusDropped: id(TestIds.statusDropped),
  StatusLogOut: id(TestIds.statusLogOut), // browser mode only
  SessionEnded: id(TestIds.sessionEnded), // data-reason

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
  // The headline state: a badge (data-state, data-stale) and, when not healthy, a line with the suggested action.
  clusterHeadlineBadge: (name: string) => `${id(TestIds.clusterListItem)}[data-cluster-name=${q(name)}] ${id(TestIds.clusterHeadlineBadge)}`,
  clusterHeadlineLine: (name: string) => `${id(TestIds.clusterListItem)}[data-cluster-name=${q(name)}] ${id(TestIds.clusterHeadline)}`,
  HeaderHeadlineBadge: `${id(TestIds.clusterHeader)} ${id(TestIds.clusterHeadlineBadge)}`,
  HeadlinePrompt: id(TestIds.headlinePrompt), // data-state
  HeadlineAction: id(TestIds.headlineAction), // data-kind, data-target
  ClusterHeader: id(TestIds.clusterHeader), // data-cluster-id
  SampleInterval: id(TestIds.sampleInterval), // a <select> of milliseconds
  ClusterWarnings: id(TestIds.clusterWarnings),

  // Add-cluster / connect-agent form (data-mode = postgres | agent).
  AddClusterButton: id(TestIds.addClusterButton),
  ConnectAgentButton: id(TestIds.connectAgentButton),
  AddEtcdButton: id(TestIds.addEtcdButton),
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
  NodeAliasEdit: id(TestIds.nodeAliasEdit),
  NodeAliasInput: id(TestIds.nodeAliasInput),
  NodeAliasSave: id(TestIds.nodeAliasSave),
  NodeAliasError: id(TestIds.nodeAliasError),
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

  // Node actions (in the node detail). A button has data-kind (switchover | failover | fence | unfence | rejoin) and
  // data-available; an unavailable one has a why next to it. NodeActions has data-node-id, data-state (loading | ready | failed).
  NodeActions: id(TestIds.nodeActions),
  nodeAction: (kind: string) => `${id(TestIds.nodeAction)}[data-kind=${q(kind)}]`,
  nodeActionWhy: (kind: string) => `${id(TestIds.nodeActionWhy)}[data-kind=${q(kind)}]`,
  NodeActionsAvailable: `${id(TestIds.nodeAction)}[data-available="true"]`,
  ActionMaxLagMiB: id(TestIds.actionMaxLagMiB),
  ActionMaxLagSeconds: id(TestIds.actionMaxLagSeconds),
  ActionPlanError: id(TestIds.actionPlanError), // data-code

  // Plan / dry run / progress. PlanPanel has data-plan-id, data-kind, data-target, data-status (ActionRun status), data-blocked.
  ActionsPanel: id(TestIds.actionsPanel), // data-active-plan-id
  PlanPanel: id(TestIds.planPanel),
  planPanelWithStatus: (status: string) => `${id(TestIds.planPanel)}[data-status=${q(status)}]`,
  PlanClose: id(TestIds.planClose),
  PlanChecks: id(TestIds.planCheck), // data-check-id, data-ok, data-severity
  planCheck: (checkId: string) => `${id(TestIds.planCheck)}[data-check-id=${q(checkId)}]`,
  PlanFailedBlockers: `${id(TestIds.planCheck)}[data-ok="false"][data-severity="blocker"]`,
  PlanBlockers: id(TestIds.planBlockers), // data-count
  PlanDataLoss: id(TestIds.planDataLoss), // data-bytes ("" when unknown); failover only
  PlanUnavailable: id(TestIds.planUnavailable), // data-ms
  PlanSteps: id(TestIds.planStep), // data-step-id, data-state (pending | running | done | failed | skipped | aborted | manual), data-manual
  PlanManualSteps: `${id(TestIds.planStep)}[data-manual="true"]`,
  PlanManualNote: id(TestIds.planManual), // data-count: manual steps the plan leaves to the admin
  Runbook: id(TestIds.runbook), // data-left: manual steps not yet seen done
  planStepsInState: (state: string) => `${id(TestIds.planStep)}[data-state=${q(state)}]`,
  StepCommands: id(TestIds.stepCommand),
  StepDetails: id(TestIds.stepDetail),
  ConfirmName: id(TestIds.confirmName),
  ExecuteAction: id(TestIds.executeAction),
  ExecuteBlocked: id(TestIds.executeBlocked),
  ExecuteError: id(TestIds.executeError), // data-code (confirmation-mismatch | preflight-failed | busy | …)
  RunOutcome: id(TestIds.runOutcome), // data-status
  runOutcomeIs: (status: string) => `${id(TestIds.runOutcome)}[data-status=${q(status)}]`,
  AbortAction: id(TestIds.abortAction),
  AbortNote: id(TestIds.abortNote), // data-next-abortable
  ActionList: id(TestIds.actionList), // data-count
  ActionItems: id(TestIds.actionItem), // data-plan-id, data-status, data-kind
  actionItemsWithStatus: (status: string) => `${id(TestIds.actionItem)}[data-status=${q(status)}]`,
  ActionAdvice: id(TestIds.actionAdvice),

  // Fencing. A banner has data-key, data-source (split-brain | failover), data-node-id.
  FenceBanners: id(TestIds.fenceBanner),
  FenceCommands: id(TestIds.fenceCommand),
  FencePlan: id(TestIds.fencePlan), // data-node-id: plans a fence of that node
  FenceDismiss: id(TestIds.fenceDismiss),
  FenceDismissConfirm: id(TestIds.fenceDismissConfirm),

  // Audit log (collapsed until AuditToggle is clicked; AuditPanel has data-open).
  AuditPanel: id(TestIds.auditPanel),
  AuditToggle: id(TestIds.auditToggle),
  AuditRefresh: id(TestIds.auditRefresh),
  AuditList: id(TestIds.auditList), // data-count
  AuditRows: id(TestIds.auditRow), // data-seq, data-action, data-outcome
  auditRow: (seq: number) => `${id(TestIds.auditRow)}[data-seq=${q(String(seq))}]`,
  AuditError: id(TestIds.auditError),
  AuditVerify: id(TestIds.auditVerify),
  AuditVerifyResult: id(TestIds.auditVerifyResult), // data-state (verifying | intact | broken | failed), data-entries, data-seq
  AuditExportCsv: id(TestIds.auditExportCsv),
  AuditExportJson: id(TestIds.auditExportJson),
  AuditExportResult: id(TestIds.auditExportResult), // data-state (saved | failed), data-filename
  // Conflict inbox. The badge has data-count (open conflicts of every cluster); the inbox data-count (rows shown).
  ConflictsButton: id(TestIds.conflictsButton),
  ConflictsBadge: id(TestIds.conflictsBadge),
  ConflictInbox: id(TestIds.conflictInbox),
  ConflictInboxClose: id(TestIds.conflictInboxClose),
  conflictStatusTab: (status: 'open' | 'resolved') => `${id(TestIds.conflictStatusTab)}[data-status=${q(status)}]`,
  ConflictSearch: id(TestIds.conflictSearch),
  ConflictKindFilter: id(TestIds.conflictKindFilter),
  ConflictNodeFilter: id(TestIds.conflictNodeFilter),
  ConflictAgeFilter: id(TestIds.conflictAgeFilter),
  ConflictList: id(TestIds.conflictList), // data-rows
  ConflictGroups: id(TestIds.conflictGroup), // data-cluster-id, data-table, data-count
  ConflictRows: id(TestIds.conflictRow), // data-conflict-id, data-key, data-status, data-kind
  conflictRowByKey: (key: string) => `${id(TestIds.conflictRow)}[data-key=${q(key)}]`,
  ConflictDetail: id(TestIds.conflictDetail), // data-conflict-id, data-status
  ConflictVersions: id(TestIds.conflictVersion), // data-node-id
  conflictField: (field: string) => `${id(TestIds.conflictField)}[data-field=${q(field)}]`, // data-differs
  DifferingFields: `${id(TestIds.conflictField)}[data-differs="true"]`,
  conflictMergePick: (field: string, version: number) => `${id(TestIds.conflictMergePick)}[data-field=${q(field)}][data-version="${version}"]`,
  ConflictPolicyPicks: id(TestIds.conflictPolicyPick), // data-policy, data-winner
  conflictKeep: (nodeId: string) => `${id(TestIds.conflictKeep)}[data-node-id=${q(nodeId)}]`,
  ConflictMerge: id(TestIds.conflictMerge),
  ConflictCustom: id(TestIds.conflictCustom),
  ConflictCustomValue: id(TestIds.conflictCustomValue),
  ConflictPreview: id(TestIds.conflictPreview), // data-value (JSON of what will be written)
  conflictPreviewField: (field: string) => `${id(TestIds.conflictPreviewField)}[data-field=${q(field)}]`,
  ConflictConfirm: id(TestIds.conflictConfirm),
  ConflictResult: id(TestIds.conflictResult), // data-state = converged | diverged | unknown (the check after a resolution made here)
  ConflictResolution: id(TestIds.conflictResolution), // a resolved conflict: by whom, how, what
  ConflictError: id(TestIds.conflictError), // data-code
  ConflictEnginePreview: id(TestIds.conflictEnginePreview), // data-skipped: how many other changes a SKIP drops
  ConflictEngineStatements: id(TestIds.conflictEngineStatement),
  ConflictSkippedChanges: id(TestIds.conflictSkippedChange), // data-table, data-op, data-key
  ConflictNotes: id(TestIds.conflictNote),
  PolicySelect: id(TestIds.policySelect),
  PolicyTable: id(TestIds.policyTable), // '' = the whole cluster, else a table name
  PolicyTables: id(TestIds.policyTables), // the app-applied policies, by table
  PolicyNode: id(TestIds.policyNode),
  PolicyRules: id(TestIds.policyRules),
  PolicyPreview: id(TestIds.policyPreview),
  PolicyPreviewResult: id(TestIds.policyPreviewResult), // data-settles, data-open
  PolicySwitchOn: id(TestIds.policySwitchOn),
  PolicyBulk: id(TestIds.policyBulk),
  PolicyResult: id(TestIds.policyResult), // data-ok

  // Transactions & locks (PostgreSQL clusters only). LockingStatus has data-state (loading | ready | stale | unsupported | failed).
  LockingPanel: id(TestIds.lockingPanel), // data-cluster-id
  LockingStatus: id(TestIds.lockingStatus),
  InDoubtTable: id(TestIds.inDoubtTable), // data-count
  InDoubtRows: id(TestIds.inDoubtRow), // data-gid, data-disagreement, data-blocks (pids, comma-separated)
  inDoubtRow: (gid: string) => `${id(TestIds.inDoubtRow)}[data-gid=${q(gid)}]`,
  inDoubtCell: (gid: string, nodeId: string) => `${id(TestIds.inDoubtRow)}[data-gid=${q(gid)}] ${id(TestIds.inDoubtCell)}[data-node-id=${q(nodeId)}]`, // data-state (prepared | replaying | resolved | absent | unread)
  inDoubtAge: (gid: string) => `${id(TestIds.inDoubtRow)}[data-gid=${q(gid)}] ${id(TestIds.inDoubtAge)}`, // data-over
  inDoubtLocksToggle: (gid: string) => `${id(TestIds.inDoubtRow)}[data-gid=${q(gid)}] ${id(TestIds.inDoubtLocksToggle)}`, // data-count
  InDoubtLocks: id(TestIds.inDoubtLock), // data-node-id, data-target, data-mode
  InDoubtDisagreements: id(TestIds.inDoubtDisagreement), // data-gid
  // A locking action button (plans it; the plan opens in the Actions panel): data-kind, data-node-id, data-gid or data-pid.
  commitPrepared: (gid: string, nodeId: string) => `${id(TestIds.inDoubtRow)}[data-gid=${q(gid)}] ${id(TestIds.lockingAction)}[data-kind="commit-prepared"][data-node-id=${q(nodeId)}]`,
  rollbackPrepared: (gid: string, nodeId: string) => `${id(TestIds.inDoubtRow)}[data-gid=${q(gid)}] ${id(TestIds.lockingAction)}[data-kind="rollback-prepared"][data-node-id=${q(nodeId)}]`,
  sessionAction: (kind: 'cancel-query' | 'terminate-session', pid: number) => `${id(TestIds.chainSession)}[data-pid="${pid}"] ${id(TestIds.lockingAction)}[data-kind=${q(kind)}]`,
  LockingPlanError: id(TestIds.lockingPlanError), // data-code
  ChainList: id(TestIds.chainList), // data-count
  Chains: id(TestIds.chain), // data-node-id, data-root-kind (session | prepared), data-root (pid or gid), data-waiting (pids), data-over-limit
  chainWithRoot: (root: string | number) => `${id(TestIds.chain)}[data-root=${q(String(root))}]`,
  chainSession: (pid: number) => `${id(TestIds.chainSession)}[data-pid="${pid}"]`, // data-depth (0 = root), data-node-id
  SessionQueries: id(TestIds.sessionQuery), // click to show the full text
  StandbyConflicts: id(TestIds.standbyConflicts),
  standbyConflictRow: (nodeId: string, database: string) => `${id(TestIds.standbyConflictRow)}[data-node-id=${q(nodeId)}][data-database=${q(database)}]`, // data-lock
  LimitsForm: id(TestIds.limitsForm),
  LimitsPreparedAge: id(TestIds.limitsPreparedAge), // seconds
  LimitsChainWait: id(TestIds.limitsChainWait), // seconds
  LimitsSave: id(TestIds.limitsSave),
  LimitsResult: id(TestIds.limitsResult), // data-state (idle | saving | saved | failed)
} as const;
