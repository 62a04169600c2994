import type { Failure } from '../../../shared/result';
import type { ServerAddress } from './server-address';
import type { ServerReading } from './wire';

/** One server in one sample: this round's reading or why it failed, and the last good reading. */
export interface ServerView {
  address: ServerAddress;
  reading: { kind: 'read'; value: ServerReading } | { kind: 'failed'; failure: Failure; since: number };
  last: ServerReading | null;
}

/** The reading the topology is built from: this round's, else the last good one (a server that stops answering keeps its place). */
export function knownReading(v: ServerView): ServerReading | null {
  return v.reading.kind === 'read' ? v.reading.value : v.last;
}

export function currentReading(v: ServerView): ServerReading | null {
  return v.reading.kind === 'read' ? v.reading.value : null;
}
