import { toLogFormat } from './errors';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, data?: Record<string, unknown>): void;
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
  child(context: Record<string, unknown>): Logger;
}

function threshold(): number {
  const env = (process.env.REPLICADESK_LOG ?? 'info') as LogLevel;
  return order[env] ?? order.info;
}

/** A per-module logger writing one JSON line per entry to stderr. */
export function createLogger(module: string, context: Record<string, unknown> = {}): Logger {
  const write = (level: LogLevel, msg: string, data?: Record<string, unknown>) => {
    if (order[level] < threshold()) return;
    const entry: Record<string, unknown> = { t: new Date().toISOString(), level, module, msg, ...context };
    if (data) {
      for (const [k, v] of Object.entries(data)) entry[k] = v instanceof Error ? toLogFormat(v) : v;
    }
    process.stderr.write(`${JSON.stringify(entry)}\n`);
  };
  return {
    debug: (m, d) => write('debug', m, d),
    info: (m, d) => write('info', m, d),
    warn: (m, d) => write('warn', m, d),
    error: (m, d) => write('error', m, d),
    child: (more) => createLogger(module, { ...context, ...more }),
  };
}
