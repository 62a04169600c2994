import { useShallow } from 'zustand/react/shallow';
import { ConflictKindSchema } from '../../../shared/model/conflict';
import { TestIds } from '../../testids';
import { setConflictFilter, tabCounts, useConflicts, type ConflictFilter } from './store';

const AGES: { label: string; ms: number }[] = [
  { label: 'any age', ms: 0 },
  { label: 'last 5 min', ms: 5 * 60_000 },
  { label: 'last hour', ms: 3_600_000 },
  { label: 'last day', ms: 86_400_000 },
];

const TAB_LABEL = { open: 'Open', review: 'To review', resolved: 'History' } as const;

/** The status tabs, each with how many conflicts it holds. */
export function StatusTabs({ status: active, counts }: { status: ConflictFilter['status']; counts: Record<ConflictFilter['status'], number> }) {
  return (
    <div className="segmented">
      {(['open', 'review', 'resolved'] as const).map((status) => (
        <button key={status} className={active === status ? 'active' : ''} data-testid={TestIds.conflictStatusTab} data-status={status} data-count={counts[status]} onClick={() => setConflictFilter({ status })}>
          {TAB_LABEL[status]} <span className="tab-count">{counts[status]}</span>
        </button>
      ))}
    </div>
  );
}

/** Status tabs (with their counts), key search, kind, node and age filters. */
export function InboxFilters() {
  const f = useConflicts((s) => s.filter);
  const counts = useConflicts(useShallow(tabCounts));
  const nodes = useConflicts(useShallow((s) => [...new Set(Object.values(s.byId).flatMap((c) => c.versions.map((v) => v.origin)))].sort()));
  return (
    <div className="conflict-filters">
      <StatusTabs status={f.status} counts={counts} />
      <input
        data-testid={TestIds.conflictSearch}
        placeholder="Key: id=1 (exact), id=10* or text"
        title="With = the key parts are matched whole (id=1 finds id=1, not id=10); end a part with * for a prefix; without = any part of table/key"
        value={f.text}
        onChange={(e) => setConflictFilter({ text: e.target.value })}
        aria-label="Search by key"
      />
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
