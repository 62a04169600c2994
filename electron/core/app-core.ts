import type { MonitorDelta } from '../../shared/ipc/delta';
import { ipcContract, isChannel, type Channel } from '../../shared/ipc/contract';
import { parseOrFail } from '../../shared/validate';
import { fail, type Result } from '../../shared/result';
import { AgentSpecSchema } from '../../shared/model/cluster';
import type { z } from 'zod';
import { ClusterRegistry, type DriverResolver } from './monitor/cluster-registry';
import { MetricsStore } from './metrics/metrics-store';
import { EventLog } from './events/event-log';
import { DeltaBatcher } from './delta/delta-batcher';
import { SettingsStore } from './settings/settings-store';
import type { SecretCodec } from './settings/secret-store';
import { createHandlers, type Handlers } from './handlers';
import { createLogger, type Logger } from './logger';
import { toLogFormat } from './errors';
import { ActionJournal } from './actions/action-journal';
import { AuditLog } from './actions/audit-log';
import { auditInterruptedRuns } from './actions/interrupted-audit';
import { ActionService } from './actions/action-service';
import { localActor } from './actions/actor';
import { ConflictService } from './conflicts/conflict-service';
import type { ConflictInbox } from './conflicts/conflict-inbox';
import { reportedPolicy } from './conflicts/reported-policy';
import { TablePolicies } from './conflicts/table-policies';
import { LockingService } from './locking/locking-service';
import { LimitsStore } from './locking/limits-store';
import { ensurePrivateDir } from './app-paths';
import { HeadlineTracker } from './cluster-state/headline-tracker';
import path from 'node:path';
import { AlertService } from './alerts/alert-service';
import { actionLabel } from './alerts/action-label';
import type { DesktopNotifier } from './alerts/senders/desktop';
import { createHistory } from './history/create-history';
import type { HistoryStore } from './history/history-store';

export interface SandboxHost {
  specs: z.input<typeof AgentSpecSchema>[];
  close(): Promise<void>;
}

export interface AppCoreOptions {
  dataDir: string;
  secretCodec: SecretCodec;
  resolveDriver: DriverResolver;
  /** Starts the built-in sandbox clusters; omitted or null means no sandbox. */
  startSandbox?: (() => Promise<SandboxHost>) | null;
  now?: () => number;
  log?: Logger;
  deltaFlushMs?: number;
  /** How often prepared transactions and blocking chains are read (default 2 s). */
  lockingIntervalMs?: number;
  /** The conflict inbox to fill (benchmarks and tests watch it); a new one by default. */
  conflictInbox?: ConflictInbox;
  /** The Electron shell's desktop notifications (browser mode pulls them with `alerts:notices`). */
  desktop?: DesktopNotifier;
}

/**
 * The whole main-process application without Electron: clusters, sampling,
 * metrics, events and the typed request handlers. Electron IPC and the
 * browser-mode bridge are two thin transports over `handle` and `onDelta`.
 */
export class AppCore {
  private sandbox: SandboxHost | null = null;
  private readonly sandboxIds = new Set<string>();

  private constructor(
    private readonly registry: ClusterRegistry,
    private readonly batcher: DeltaBatcher,
    private readonly handlers: Handlers,
    private readonly settings: SettingsStore,
    private readonly log: Logger,
    private readonly conflicts: ConflictService,
    private readonly locking: LockingService,
    readonly alerts: AlertService,
    private readonly history: HistoryStore,
  ) {}

  static async create(opts: AppCoreOptions): Promise<AppCore> {
    const now = opts.now ?? Date.now;
    const log = opts.log ?? createLogger('core');
    const dirWarning = await ensurePrivateDir(opts.dataDir);
    if (dirWarning) log.warn('data directory not private', { problem: dirWarning });
    const metrics = new MetricsStore();
    const events = new EventLog();
    const batcher = new DeltaBatcher(now, { flushEveryMs: opts.deltaFlushMs ?? 300 });
    let alertsRef: AlertService | null = null;
    events.onAppend((e) => {
      batcher.event(e);
      alertsRef?.observeEvent(e);
    });
    const history = createHistory(opts.dataDir, now, log.child({ module: 'history' }));
    batcher.subscribe((d) => history.ingest(d)); // samples, lag points, events, alarms, actions, conflicts
    const audit = new AuditLog(path.join(opts.dataDir, 'audit.jsonl'), { codec: opts.secretCodec });
    const conflicts = new ConflictService({
      driverOf: (id) => registry.capability(id, 'conflicts'),
      monitored: (id) => registry.get(id) !== undefined,
      reportedPolicy: (id) => reportedPolicy(registry.get(id)?.latest),
      audit,
      actor: localActor(),
      now,
      log: log.child({ module: 'conflicts' }),
      onChange: (c) => batcher.conflict(c),
      onBulkProgress: (r) => batcher.bulk(r),
      ...(opts.conflictInbox ? { inbox: opts.conflictInbox } : {}),
    });
    const tablePolicies = new TablePolicies(path.join(opts.dataDir, 'conflict-policies.json'), conflicts);
    await tablePolicies.load();
    conflicts.inbox.onChange((c, change) => change === 'new' && tablePolicies.onNew(c));
    const limits = new LimitsStore(path.join(opts.dataDir, 'locking-limits.json'));
    await limits.load();
    const locking = new LockingService({
      readerOf: (id) => registry.capability(id, 'locking'),
      onSnapshot: (snapshot) => {
        batcher.locking(snapshot);
        alertsRef?.observeLocking(snapshot);
      },
      limits,
      now,
      log: log.child({ module: 'locking' }),
      onEvent: (e) => events.append(e),
      intervalMs: opts.lockingIntervalMs,
    });
    let actionsRef: ActionService | null = null;
    const registry = new ClusterRegistry({
      resolveDriver: opts.resolveDriver,
      metrics,
      events,
      log: log.child({ module: 'monitor' }),
      now,
      onSample: (id, sample, points) => {
        batcher.sample(id, sample, points);
        const headline = headlines.update(id, sample);
        batcher.headline(headline);
        alertsRef?.observeSample(id, sample, headline);
        actionsRef?.observe(id, sample); // finished actions that still owe a fence or manual steps
      },
      onCluster: (c) => {
        batcher.cluster(c);
        conflicts.attach(c.id);
        locking.attach(c.id);
      },
      onRemoved: (id) => {
        conflicts.detach(id);
        tablePolicies.forget(id);
        locking.detach(id);
        batcher.clusterRemoved(id);
        headlines.forget(id);
        alertsRef?.forget(id);
      },
      onReplaced: (id) => (conflicts.detach(id), locking.detach(id)), // re-attached to the new driver by onCluster
    });
    const headlines = new HeadlineTracker({
      kindOf: (id) => registry.get(id)?.cluster.kind ?? null,
      limitsOf: (id) => registry.get(id)?.spec ?? { lagThresholdBytes: Infinity, lagThresholdMs: Infinity },
      available: (id) => actions.available(id),
      running: (id) => {
        const run = actions.list(id).find((r) => r.status === 'running');
        return run ? { kind: run.plan.kind, target: run.plan.nodeNames?.[run.plan.target] ?? run.plan.target } : null;
      },
    });
    const settings = new SettingsStore(opts.dataDir, opts.secretCodec);
    let core: AppCore | null = null;
    const persist = () => core?.persist() ?? Promise.resolve();
    const journal = new ActionJournal(path.join(opts.dataDir, 'actions'));
    const actions = new ActionService({
      registry,
      journal,
      audit,
      actor: localActor(),
      now,
      onRun: (run) => batcher.action(run),
      onEvent: (e) => events.append(e),
    });
    actionsRef = actions;
    await actions.recover();
    await auditInterruptedRuns({ journal, audit, actor: localActor(), now }).catch((e: unknown) => log.error('interrupted actions not audited', { error: toLogFormat(e) }));
    const alerts = new AlertService({
      dataDir: opts.dataDir, codec: opts.secretCodec, audit, actor: localActor(), now, log: log.child({ module: 'alerts' }), ...(opts.desktop ? { desktop: opts.desktop } : {}),
      clusterName: (id) => registry.get(id)?.cluster.name ?? null,
      conflictsOpen: (id) => conflicts.inbox.openOf(id).length,
      actionOf: (id) => actionLabel(actions.list(id), now()),
      clusters: () => registry.list().map((c) => ({ id: c.id, name: c.name, sample: registry.get(c.id)?.latest ?? null, headline: headlines.get(c.id) })),
    });
    await alerts.start();
    alertsRef = alerts;
    const handlers = createHandlers({ registry, metrics, events, now, persist, actions, audit, conflicts, tablePolicies, locking, headlines, alerts, history, log });
    core = new AppCore(registry, batcher, handlers, settings, log, conflicts, locking, alerts, history);
    await core.restore(opts.startSandbox ?? null);
    return core;
  }

  /** Validates and runs one request. Never throws: failures come back as data naming the problem. */
  async handle(channel: unknown, raw: unknown): Promise<Result<unknown>> {
    if (!isChannel(channel)) return fail('unknown-channel', `unknown channel ${JSON.stringify(channel)}`);
    const parsed = parseOrFail(ipcContract[channel].request, raw ?? {}, `${channel} request`);
    if (!parsed.ok) return parsed;
    try {
      const handler = this.handlers[channel] as (req: unknown) => Promise<Result<unknown>>;
      return await handler(parsed.value);
    } catch (error) {
      this.log.error('handler failed', { channel, error: toLogFormat(error) });
      return fail('internal', `${channel} failed: ${toLogFormat(error)}`);
    }
  }

  onDelta(listener: (d: MonitorDelta) => void): () => void {
    return this.batcher.subscribe(listener);
  }

  /** Pushes pending changes now (tests, shutdown). */
  flush(): MonitorDelta | null {
    return this.batcher.flush();
  }

  isChannel(name: unknown): name is Channel {
    return isChannel(name);
  }

  async dispose(): Promise<void> {
    this.conflicts.dispose();
    this.locking.dispose();
    await this.alerts.dispose();
    await this.registry.dispose();
    this.batcher.flush();
    this.batcher.dispose();
    this.history.close();
    await this.sandbox?.close().catch(() => {});
  }

  private async restore(startSandbox: (() => Promise<SandboxHost>) | null): Promise<void> {
    const saved = await this.settings.load();
    for (const p of saved.problems) this.log.warn('settings problem', { problem: p });
    for (const c of saved.clusters) {
      const r = await this.registry.add(c.spec, { id: c.id, mode: 'restore' });
      if (!r.ok) this.log.warn('saved cluster not restored', { id: c.id, reason: r.reason });
    }
    if (!startSandbox) return;
    try {
      this.sandbox = await startSandbox();
      for (const raw of this.sandbox.specs) {
        const spec = AgentSpecSchema.parse({ ...raw, sandbox: true });
        // A stable id per sandbox cluster name: an action interrupted by a restart is shown under the same cluster.
        const r = await this.registry.add(spec, { id: sandboxClusterId(spec.name), mode: 'restore' });
        if (r.ok) this.sandboxIds.add(r.value.id);
        else this.log.warn('sandbox cluster not added', { name: spec.name, reason: r.reason });
      }
    } catch (error) {
      this.log.error('sandbox failed to start', { error: toLogFormat(error) });
    }
  }

  private async persist(): Promise<void> {
    const clusters = this.registry
      .list()
      .filter((c) => !this.sandboxIds.has(c.id))
      .map((c) => ({ id: c.id, spec: this.registry.get(c.id)!.specWithInterval() }));
    await this.settings.save(clusters);
  }
}

/** `sandbox-multi-primary` for "Multi-primary": the same every start, never a UUID an admin's cluster could have. */
export function sandboxClusterId(name: string): string {
  return `sandbox-${name.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
}
