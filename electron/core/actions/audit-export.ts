import type { AuditEntry } from '../../../shared/model/action';

const columns = ['seq', 'at', 'actor', 'clusterId', 'action', 'params', 'outcome', 'prevHash', 'hash'] as const;

function cell(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 CSV with times in ISO 8601, one row per entry. */
export function auditToCsv(entries: AuditEntry[]): string {
  const rows = entries.map((e) => columns.map((c) => (c === 'at' ? new Date(e.at).toISOString() : cell(e[c]))).join(','));
  return [columns.join(','), ...rows].join('\r\n') + '\r\n';
}

export function auditToJson(entries: AuditEntry[]): string {
  return `${JSON.stringify(entries, null, 2)}\n`;
}
