import net from 'node:net';
import pg from 'pg';
import type { Timeouts } from '../../../shared/model/cluster';
import { ok, type Failure, type Result } from '../../../shared/result';
import { clientConfig } from './client-config';
import type { PgTarget } from './conn-string';
import { withDeadline } from './deadline';
import { PgTimeoutError } from './errors';
import { ProtocolSniffer } from './protocol-sniffer';

/** A connected pg Client and the socket under it (ours, so a hung server can be cut off). */
export interface LiveClient {
  client: pg.Client;
  socket: net.Socket | null;
}

export interface OpenHooks {
  /** The live session ended or failed after connecting. */
  onLost(live: LiveClient, error: unknown): void;
  /** Turns what connecting threw into a failure. */
  classify(error: unknown): Failure;
}

/**
 * One connect attempt, bounded by connectTimeoutMs and the signal. We give pg
 * our own socket and look at the server's first bytes (not-postgres detection).
 */
export async function openClient(
  target: PgTarget,
  timeouts: Timeouts,
  ssl: boolean,
  signal: AbortSignal,
  hooks: OpenHooks,
): Promise<Result<LiveClient>> {
  const config = clientConfig(target, timeouts, ssl);
  if (!config.ok) return config;
  const sniffer = new ProtocolSniffer();
  let socket: net.Socket | null = null;
  const client = new pg.Client({
    ...config.value,
    stream: () => {
      socket = new net.Socket();
      sniffer.attach(socket, ssl);
      return socket;
    },
  });
  const live: LiveClient = { client, socket: null };
  client.on('error', (e) => hooks.onLost(live, e));
  client.on('end', () => hooks.onLost(live, new Error('Connection terminated unexpectedly')));
  const ms = timeouts.connectTimeoutMs;
  try {
    await withDeadline(client.connect(), ms, signal, () => new PgTimeoutError('connect', ms));
  } catch (e) {
    live.socket = socket;
    destroyClient(live);
    return hooks.classify(sniffer.problem ?? e);
  }
  live.socket = socket;
  return ok(live);
}

/** Tears a session down at once (never waits on the server). */
export function destroyClient(live: LiveClient): void {
  live.socket?.destroy();
  live.client.end().catch(() => undefined);
}
