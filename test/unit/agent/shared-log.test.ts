import { describe, expect, it } from 'vitest';
import { createSinkLogger, formatEntry, levelThreshold } from '../../../shared/log/logger';
import { toLogFormat } from '../../../shared/log/errors';
import { createLogger as appLogger } from '../../../electron/core/logger';
import { createLogger as agentLogger } from '../../../agent/log';

describe('shared/log: one logger for the app and the agent', () => {
  it('writes one JSON line per entry from the sink level up, with context and errors as text', () => {
    const lines: string[] = [];
    let level: string | undefined = 'warn';
    const log = createSinkLogger({ level: () => level, write: (l) => lines.push(l) }, 'agent/server', { nodeId: 'n1' });
    log.info('hidden');
    log.warn('shown', { error: Object.assign(new Error('boom'), { code: 'ECONNRESET' }) });
    level = 'debug';
    log.child({ session: 2 }).debug('now shown');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'warn', module: 'agent/server', msg: 'shown', nodeId: 'n1', error: 'boom (ECONNRESET)' });
    expect(JSON.parse(lines[1]!)).toMatchObject({ level: 'debug', msg: 'now shown', nodeId: 'n1', session: 2 });
  });

  it('reads an unknown level as info, and formats entries and thrown values the same everywhere', () => {
    expect(levelThreshold('nonsense')).toBe(levelThreshold('info'));
    expect(levelThreshold(undefined)).toBe(levelThreshold('info'));
    expect(JSON.parse(formatEntry('error', 'm', 'x', {}, undefined, new Date(0)))).toEqual({ t: '1970-01-01T00:00:00.000Z', level: 'error', module: 'm', msg: 'x' });
    expect(toLogFormat('plain')).toBe('plain');
    expect(toLogFormat({ a: 1 })).toBe('{"a":1}');
    // The app's and the agent's stderr loggers are the same kind of logger.
    for (const make of [appLogger, agentLogger]) expect(Object.keys(make('m')).sort()).toEqual(['child', 'debug', 'error', 'info', 'warn']);
  });
});
