import type { DeskApi } from '../../../shared/ipc/api';
import { AUDIT_LIMIT, setAuditEntries, setAuditLoad, setExported, setVerify } from './store';

type Api = Pick<DeskApi, 'invoke'>;

export async function loadAudit(api: Api, now: () => number = Date.now): Promise<void> {
  setAuditLoad({ kind: 'loading' });
  const r = await api.invoke('audit:list', { limit: AUDIT_LIMIT });
  if (r.ok) setAuditEntries(r.value, now());
  else setAuditLoad({ kind: 'failed', reason: r.reason, code: r.code });
}

/** Recomputes the hash chain on the core; a broken chain names the first bad entry. */
export async function verifyAudit(api: Api, now: () => number = Date.now): Promise<void> {
  setVerify({ kind: 'verifying' });
  const r = await api.invoke('audit:verify', {});
  if (!r.ok) setVerify({ kind: 'failed', reason: r.reason, code: r.code });
  else if (r.value.ok) setVerify({ kind: 'intact', entries: r.value.entries, at: now() });
  else setVerify({ kind: 'broken', seq: r.value.seq, reason: r.value.reason, at: now() });
}

/** Asks the core for the export and hands the content to `save` (a download in the UI). */
export async function exportAudit(api: Api, format: 'csv' | 'json', save: (filename: string, mime: string, content: string) => void): Promise<void> {
  setExported({ kind: 'exporting', format });
  const r = await api.invoke('audit:export', { format });
  if (!r.ok) {
    setExported({ kind: 'failed', reason: r.reason, code: r.code });
    return;
  }
  save(r.value.filename, r.value.mime, r.value.content);
  setExported({ kind: 'saved', filename: r.value.filename, bytes: r.value.content.length });
}
