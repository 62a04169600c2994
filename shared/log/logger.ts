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

/** Where log lines go and from which level; the process that runs the logger provides it. */
export interface LogSink {
  /** The lowest level written (read at every entry, so it may follow the environment). */
  level(): string | undefined;
  /** One finished line, without its newline. */
  write(line: string): void;
}

/** The numeric threshold of a level name; an unknown name means `info`. */
export function levelThreshold(level: string | undefined): number {
  return order[(level ?? 'info') as LogLevel] ?? order.info;
}

/** One log entry as a JSON line: time, level, module, message, context, data (errors as one line of text). */
export function formatEntry(
  level: LogLevel,
  module: string,
  msg: string,
  context: Record<string, unknown>,
  data?: Record<string, unknown>,
  now: Date = new Date(),
): string {
  const entry: Record<string, unknown> = { t: now.toISOString(), level, module, msg, ...context };
  if (data) {
    for (const [k, v] of Object.entries(data)) entry[k] = v instanceof Error ? toLogFormat(v) : v;
  }
  return JSON.stringify(entry);
}

/** A per-module logger writing one JSON line per entry to `sink`. */
export function createSinkLogger(sink: LogSink, module: string, context: Record<string, unknown> = {}): Logger {
  const write = (level: LogLevel, msg: string, data?: Record<string, unknown>) => {
    if (order[level] < levelThreshold(sink.level())) return;
    sink.write(formatEntry(level, module, msg, context, data));
  };
  return {
    debug: (m, d) => write('debug', m, d),
    info: (m, d) => write('info', m, d),
    warn: (m, d) => write('warn', m, d),
    error: (m, d) => write('error', m, d),
    child: (more) => createSinkLogger(sink, module, { ...context, ...more }),
  };
}
