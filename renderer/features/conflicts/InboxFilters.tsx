import { useShallow } from 'zustand/react/shallow';
import { ConflictKindSchema } from '../../../shared/model/conflict';
import { TestIds } from '../../testids';
import { setConflictFilter, useConflicts } from './store';

const AGES: { label: string; ms: number }[] = [
  { label: 'any age', ms: 0 },
  { label: 'last 5 min', ms: 5 * 60_000 },
  { label: 'last hour', ms: 3_600_000 },
  { label: 'last day', ms: 86_400_000 },
];

/** Status tabs, key search, kind, node and age filters. */
export function InboxFilters() {
  const f = useConflicts((s) => s.filter);
  const nodes = useConflicts(useShallow((s) => [...new Set(Object.values(s.byId).flatMap((c) => c.versions.map((v) => v.origin)))].sort()));
  return (
    <div className="conflict-filters">
      <div className="segmented">
        {(['open', 'review', 'resolved'] as const).map((status) => (
          <button key={status} className={f.status === status ? 'active' : ''} data-testid={TestIds.conflictStatusTab} data-status={status} onClick={() => setConflictFilter({ status })}>
            {status === 'open' ? 'Open' : status === 'review' ? 'To review' : 'History'}
          </button>
        ))}
      </div>
      <input data-testid={TestIds.conflictSearch} placeholder="Search key…" value={f.text} onChange={(e) => setConflictFilter({ text: e.target.value })} aria-label="Search by key" />
      <select data-testid={TestIds.conflictKindFilter} value={f.kind} onChange={(e) => setConflictFilter({ kind: e.target.value as typeof f.kind })} aria-label="Kind">
        <option value="*">any kind</option>
        {ConflictKindSchema.options.map((k) => (
          <option key={k} value={k}>
            {k}
          </option>
        ))}
      </select>
      <select data-testid={TestIds.conflictNodeFilter} value={f.node} onChange={(e) => setConflictFilter({ node: e.target.value })} aria-label="Node">
        <option value="">any node</option>
        {nodes.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
      <select data-testid={TestIds.conflictAgeFilter} value={f.maxAgeMs} onChange={(e) => setConflictFilter({ maxAgeMs: Number(e.target.value) })} aria-label="Age">
        {AGES.map((a) => (
          <option key={a.ms} value={a.ms}>
            {a.label}
          </option>
        ))}
      </select>
    </div>
  );
}
