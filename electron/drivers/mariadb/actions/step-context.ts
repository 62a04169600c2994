import type { ActionSessions } from './session';

/** What every step runs with. */
export interface StepContext {
  s: ActionSessions;
  signal: AbortSignal;
  nameOf(id: string): string;
  /** The account replicas connect to the new primary as. */
  replication: { user: string; password: string };
  /** How long a wait (catch-up, relay log, a channel starting) may take. */
  waitTimeoutMs: number;
}
