import type { ConflictEvent, ConflictVersion } from '../../../shared/model/conflict';
import { formatDateTime } from '../../lib/format';
import { show } from './show';

const REVIEW: Record<string, string> = {
  pending: 'awaiting your review: accept it, or overturn it below',
  accepted: 'accepted',
  overturned: 'overturned',
};

/**
 * A conflict the engine resolved by itself (pglogical's conflict_resolution):
 * the badge, the rule that decided, the version it kept (per node when they
 * differ) and the admin's review. Accepting is keeping the kept version
 * (nothing is written); overturning is keeping another one, merging or a
 * custom value, through the same preview as any resolution.
 */
export function EngineDecision({ conflict: c, nameOf, nodeName }: { conflict: ConflictEvent; nameOf: (v: ConflictVersion) => string; nodeName: (nodeId: string) => string }) {
  const d = c.engineDecision;
  if (!d) return null;
  const kept = d.kept !== null ? c.versions[d.kept] : undefined;
  return (
    <div className="engine-decision" data-testid="engine-decision" data-review={d.review} data-kept={kept?.origin ?? ''}>
      <p>
        <span className="badge" data-testid="engine-badge">
          resolved by the engine ({d.engine})
        </span>{' '}
        <span className="muted small">policy {d.policy ?? 'unknown'}</span>
      </p>
      <p className="mono small" data-testid="engine-rule">
        {d.rule}
      </p>
      <p className="small">
        Kept:{' '}
        {kept ? (
          <>
            <strong>{nameOf(kept)}</strong>’s version ({formatDateTime(kept.committedAt)}) <code>{show(kept.value)}</code>
          </>
        ) : (
          <span className="warn-text">the nodes kept different versions</span>
        )}
      </p>
      {d.perNode.length > 1 && (
        <ul className="small muted">
          {/* The nodes that logged it, by display name (n1) like everywhere else, not by address. */}
          {d.perNode.map((p) => (
            <li key={p.nodeId} data-testid="engine-per-node" data-node-id={p.nodeId} title={p.nodeId}>
              on {nodeName(p.nodeId)}: {p.outcome}
              {p.kept !== null && c.versions[p.kept] ? ` → kept ${nameOf(c.versions[p.kept]!)}’s version` : ''}
            </li>
          ))}
        </ul>
      )}
      <p className="small" data-testid="engine-review">
        Review: {REVIEW[d.review] ?? d.review}
      </p>
    </div>
  );
}
