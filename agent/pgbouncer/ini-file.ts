import { chmodSync, chownSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fail, ok, type Result } from '../../shared/result';
import { rewriteDatabaseEntry, type RepointTarget } from './ini-rewrite';

/**
 * Rewrites one `[databases]` entry of the ini file atomically: a temp file in
 * the same directory with the original's mode and owner (PgBouncer, often
 * another user, must still read it), then rename over the original.
 */
export function rewriteIniFile(iniFile: string, target: RepointTarget): Result<{ before: string; after: string; changed: boolean }> {
  let text: string;
  let st: ReturnType<typeof statSync>;
  try {
    text = readFileSync(iniFile, 'utf8');
    st = statSync(iniFile);
  } catch (e) {
    return fail('ini-unreadable', `cannot read ${iniFile}: ${(e as Error).message}`);
  }
  const r = rewriteDatabaseEntry(text, target);
  if (!r.ok) return r;
  if (r.value.text === text) return ok({ before: r.value.before, after: r.value.after, changed: false });
  const tmp = path.join(path.dirname(iniFile), `.${path.basename(iniFile)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, r.value.text, { mode: st.mode & 0o777, flag: 'wx' });
    chmodSync(tmp, st.mode & 0o777);
    if (typeof process.getuid === 'function' && process.getuid() === 0) chownSync(tmp, st.uid, st.gid);
    renameSync(tmp, iniFile);
  } catch (e) {
    rmSync(tmp, { force: true });
    return fail('ini-write-failed', `cannot write ${iniFile}: ${(e as Error).message}`);
  }
  return ok({ before: r.value.before, after: r.value.after, changed: true });
}
