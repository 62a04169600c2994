import { accessSync, constants, statSync } from 'node:fs';
import { fail, ok, type Result } from '../../shared/result';
import { MariadbLogBackend } from './backend';

/** What `replicadesk-agent --backend mariadb` is given. */
export interface MariadbAgentArgs {
  errorLog: string | undefined;
  nodeId: string | undefined;
}

const NODE_ID = /^(\[[0-9a-fA-F:.]+\]|[^\s:/[\]]+):\d{1,5}$/;

/** Builds the (not yet started) backend; a failure is a usage error (exit 2) saying what to pass. */
export function mariadbBackendFrom(a: MariadbAgentArgs): Result<MariadbLogBackend> {
  if (!a.errorLog) return fail('usage', "the mariadb backend needs --error-log FILE (the server's log_error, e.g. /var/log/mysql/error.log)");
  if (!a.nodeId) return fail('usage', 'the mariadb backend needs --node-id HOST:PORT (the server as ReplicaDesk reaches it, e.g. 10.0.0.5:3306)');
  if (!NODE_ID.test(a.nodeId)) return fail('usage', `--node-id must be host:port, not "${a.nodeId}"`);
  try {
    if (statSync(a.errorLog).isDirectory()) return fail('usage', `--error-log ${a.errorLog} is a directory; give the log file`);
    accessSync(a.errorLog, constants.R_OK);
  } catch (e) {
    // A log that is not there yet is followed once it appears; one we may not read is an error now.
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return fail('usage', `cannot read --error-log ${a.errorLog}: ${(e as Error).message}`);
  }
  return ok(new MariadbLogBackend({ nodeId: a.nodeId, errorLog: a.errorLog }));
}
