import { createSinkLogger, type LogSink, type Logger } from '../../shared/log/logger';

export type { LogLevel, Logger } from '../../shared/log/logger';

/** stderr, from the level in REPLICADESK_LOG (default info). */
const stderrSink: LogSink = {
  level: () => process.env.REPLICADESK_LOG,
  write: (line) => process.stderr.write(`${line}\n`),
};

/** A per-module logger writing one JSON line per entry to stderr. */
export function createLogger(module: string, context: Record<string, unknown> = {}): Logger {
  return createSinkLogger(stderrSink, module, context);
}
