import { useState } from 'react';
import type { ConflictPolicy } from '../../../shared/model/conflict';
import type { PolicyPreview } from '../../../shared/ipc/conflicts';
import { PolicyRequestSchema, type PolicyRequest } from '../../../shared/ipc/conflict-policy';
import { parseOrFail } from '../../../shared/validate';
import { useApi } from '../../api/context';
import { TestIds } from '../../testids';
import { useClusters } from '../clusters/store';
import { bulkResolve, previewPolicy, switchPolicyOn } from './commands';
import { applyBulkRuns, noteBulkKind, type BulkKind } from './bulk-store';
import { BulkProgress } from './BulkProgress';
import { PreferNodeSelect, usePreferNodeOptions } from './PreferNodeSelect';
import { show } from './show';
import { useConflicts, useTablesOf } from './store';

const POLICIES: ConflictPolicy[] = ['manual', 'last-writer-wins', 'version-vector', 'prefer-node', 'field-rules'];
const SAMPLE_RULES = '{"fields":{"qty":{"kind":"sum"},"price":{"kind":"max"},"tags":{"kind":"union"}},"otherwise":{"kind":"newest"}}';

type Shown = { kind: 'none' } | { kind: 'preview'; scope: 'all' | 'bulk'; preview: PolicyPreview } | { kind: 'message'; ok: boolean; text: string };

/**
 * A cluster's conflict policy: dry-run it on the open conflicts, then switch it on, or apply it to the shown
 * ones: `bulkKind` 'resolve' (the Open tab) writes its pick; 'review' (the To review tab) accepts each engine
 * decision it agrees with (nothing written) and overturns the others (conflicts:bulkResolve takes both).
 */
export function PolicyPanel({ clusterId, bulkIds, bulkKind }: { clusterId: string; bulkIds: string[]; bulkKind: BulkKind }) {
  const api = useApi();
  const name = useClusters((s) => s.byId[clusterId]?.name ?? clusterId);
  const current = useConflicts((s) => s.policies[clusterId] ?? null);
  const byTable = useConflicts((s) => s.tablePolicies[clusterId]);
  const tables = useTablesOf(clusterId);
  const [table, setTable] = useState('');
  const [policy, setPolicy] = useState<ConflictPolicy>('last-writer-wins');
  const nodes = usePreferNodeOptions(clusterId);
  const [picked, setNode] = useState('');
  const node = nodes.some((n) => n.value === picked) ? picked : (nodes[0]?.value ?? '');
  const [rules, setRules] = useState(SAMPLE_RULES);
  const [shown, setShown] = useState<Shown>({ kind: 'none' });
  const request = (): PolicyRequest | null => {
    let candidate: unknown = { policy };
    if (policy === 'prefer-node') {
      if (!node) {
        setShown({ kind: 'message', ok: false, text: 'no node of this cluster is known yet to prefer' });
        return null;
      }
      candidate = { policy, node };
    }
    if (policy === 'field-rules') {
      try {
        candidate = { policy, rules: JSON.parse(rules) as unknown };
      } catch {
        setShown({ kind: 'message', ok: false, text: 'the field rules are not JSON' });
        return null;
      }
    }
    const parsed = parseOrFail(PolicyRequestSchema, candidate, 'policy');
    if (!parsed.ok) setShown({ kind: 'message', ok: false, text: parsed.reason });
    return parsed.ok ? parsed.value : null;
  };
  const runPreview = async (scope: 'all' | 'bulk') => {
    const p = request();
    if (!p) return;
    const r = await previewPolicy(api, clusterId, p, scope === 'bulk' ? bulkIds : undefined, scope === 'all' ? table || undefined : undefined);
    setShown(r.ok ? { kind: 'preview', scope, preview: r.value } : { kind: 'message', ok: false, text: r.reason });
  };
  const apply = async (scope: 'all' | 'bulk') => {
    const p = request();
    if (!p) return;
    setShown({ kind: 'message', ok: true, text: scope === 'all' ? 'Switching on…' : bulkKind === 'review' ? 'Reviewing…' : 'Resolving…' });
    if (scope === 'all') {
      const r = await switchPolicyOn(api, clusterId, p, table || undefined);
      const where = table ? `table ${table} of ${name}` : name;
      setShown({ kind: 'message', ok: r.ok, text: r.ok ? `${r.value.policy} is on for ${where}; it settled ${r.value.resolvedConflicts.length} open conflict(s).` : r.reason });
    } else {
      setShown({ kind: 'none' });
      noteBulkKind(clusterId, bulkKind);
      const r = await bulkResolve(api, clusterId, p, bulkIds);
      // Progress and failures are shown from the run's record (the deltas while it runs, then this answer).
      if (r.ok) applyBulkRuns([r.value]);
      else setShown({ kind: 'message', ok: false, text: r.reason });
    }
  };
  return (
    <section className="policy-panel">
      <h3>
        Policy for {name} <span className="muted small">(now: {current ?? 'unknown'})</span>
      </h3>
      {byTable && Object.keys(byTable).length > 0 && (
        <p className="muted small" data-testid={TestIds.policyTables}>
          Applied by the app: {Object.entries(byTable).map(([t, p]) => `${t === '*' ? 'every table' : t}: ${p}`).join('; ')}
        </p>
      )}
      <div className="policy-row">
        <select data-testid={TestIds.policySelect} value={policy} onChange={(e) => setPolicy(e.target.value as ConflictPolicy)} aria-label="Policy">
          {POLICIES.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
        <select data-testid={TestIds.policyTable} value={table} onChange={(e) => setTable(e.target.value)} aria-label="Table">
          <option value="">whole cluster</option>
          {tables.map((t) => (
            <option key={t} value={t}>
              table {t}
            </option>
          ))}
        </select>
        {policy === 'prefer-node' && <PreferNodeSelect options={nodes} value={node} onChange={setNode} />}
        <button data-testid={TestIds.policyPreview} onClick={() => void runPreview('all')}>
          Preview on open conflicts
        </button>
        <button data-testid={TestIds.policyBulk} data-kind={bulkKind} disabled={bulkIds.length === 0} onClick={() => void runPreview('bulk')}>
          {bulkButtonLabel(bulkKind, bulkIds.length)}
        </button>
      </div>
      {policy === 'field-rules' && <textarea className="mono" rows={3} data-testid={TestIds.policyRules} value={rules} onChange={(e) => setRules(e.target.value)} aria-label="Field rules (JSON)" />}
      {shown.kind === 'preview' && (
        <div data-testid={TestIds.policyPreviewResult} data-settles={shown.preview.settles} data-open={shown.preview.open}>
          <p>{shown.preview.summary}</p>
          <ul className="small">
            {shown.preview.outcomes.slice(0, 5).map((o) => (
              <li key={o.conflictId}>
                <code>{o.key}</code> → {o.winner ?? 'merge'}: <code>{show(o.value)}</code> <span className="muted">{o.why}</span>
              </li>
            ))}
          </ul>
          <button className="primary" data-testid={TestIds.policySwitchOn} disabled={shown.scope === 'bulk' && shown.preview.settles === 0} onClick={() => void apply(shown.scope)}>
            {shown.scope === 'all' ? `Switch ${policy} on for ${table ? `table ${table}` : name}` : `${bulkKind === 'review' ? 'Review' : 'Resolve'} ${shown.preview.settles} by ${policy}`}
          </button>
        </div>
      )}
      <BulkProgress clusterId={clusterId} />
      {shown.kind === 'message' && (
        <p className={shown.ok ? 'ok-text' : 'error-text'} data-testid={TestIds.policyResult} data-ok={shown.ok}>
          {shown.text}
        </p>
      )}
    </section>
  );
}

/** The bulk button says what it will do to the shown conflicts: resolve the open ones, or review the engine's decisions. */
export function bulkButtonLabel(kind: BulkKind, n: number): string {
  return kind === 'review' ? `Review ${n} shown…` : `Bulk resolve ${n} shown…`;
}
