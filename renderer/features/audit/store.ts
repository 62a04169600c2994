import { create } from 'zustand';
import type { AuditEntry } from '../../../shared/model/action';
import { emptyNormalized, reconcile, type Normalized } from '../../lib/normalized';

/** `failed` is the only load state with a reason. */
export type AuditLoad = { kind: 'idle' } | { kind: 'loading' } | { kind: 'loaded'; at: number } | { kind: 'failed'; reason: string; code: string };

export type VerifyState =
  | { kind: 'idle' }
  | { kind: 'verifying' }
  | { kind: 'intact'; entries: number; at: number }
  | { kind: 'broken'; seq: number; reason: string; at: number }
  | { kind: 'failed'; reason: string; code: string };

export type ExportState =
  | { kind: 'idle' }
  | { kind: 'exporting'; format: 'csv' | 'json' }
  | { kind: 'saved'; filename: string; bytes: number }
  | { kind: 'failed'; reason: string; code: string };

/** Audit entries keyed by seq (as a string), newest first. */
export interface AuditState {
  entries: Normalized<AuditEntry>;
  open: boolean;
  load: AuditLoad;
  verify: VerifyState;
  exported: ExportState;
}

export const AUDIT_LIMIT = 500;

export const useAudit = create<AuditState>(() => ({
  entries: emptyNormalized<AuditEntry>(),
  open: false,
  load: { kind: 'idle' },
  verify: { kind: 'idle' },
  exported: { kind: 'idle' },
}));

/** Replaces the list with `entries` (newest first), keeping unchanged rows' objects. */
export function setAuditEntries(entries: readonly AuditEntry[], at: number): void {
  const sorted = [...entries].sort((a, b) => b.seq - a.seq);
  useAudit.setState((s) => ({ entries: reconcile(s.entries, sorted, (e) => String(e.seq)), load: { kind: 'loaded', at } }));
}

export function setAuditLoad(load: AuditLoad): void {
  useAudit.setState({ load });
}

export function setVerify(verify: VerifyState): void {
  useAudit.setState({ verify });
}

export function setExported(exported: ExportState): void {
  useAudit.setState({ exported });
}

export function toggleAudit(open?: boolean): void {
  useAudit.setState((s) => ({ open: open ?? !s.open }));
}

/** First 10 hex digits: enough to compare entries by eye. */
export function shortHash(hash: string): string {
  return hash.slice(0, 10);
}

/** Parameters on one line: `target=n2 kind=failover`. */
/** `key=value …`; a value that is a node id shows the node's display name with the id beside it. */
export function formatParams(params: Readonly<Record<string, unknown>>, nameOf: (value: string) => string = (v) => v): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? withName(v, nameOf(v)) : JSON.stringify(v)}`)
    .join(' ');
}

function withName(id: string, name: string): string {
  return name === id ? id : `${name} (${id})`;
}
