import type { DeskApi } from '../../shared/ipc/api';
import type { Result } from '../../shared/result';

/** The renderer's connection to the core. Only `failed`/`waiting` carry a reason. */
export type ConnectionStatus =
  | { kind: 'connecting'; attempt: number }
  | { kind: 'open'; since: number }
  | { kind: 'waiting'; reason: string; retryAt: number; attempt: number }
  | { kind: 'closed'; reason: string }
  /** Browser mode: the session ended (idle, logout); the client no longer reconnects. */
  | { kind: 'ended'; reason: string };

/** DeskApi plus what the status bar and the stores need to know about the connection. */
export interface DeskClient extends DeskApi {
  /** Shown in the status bar, e.g. "Electron IPC", "Web bridge". */
  readonly label: string;
  /** True only for the `?demo=1` fake: the UI labels everything as demo data. */
  readonly demo: boolean;
  status(): ConnectionStatus;
  /** Returns an unsubscribe function. */
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  dispose(): void;
  /** Browser mode only: someone is using the page (input seen), which keeps the session alive. */
  readonly activity?: () => void;
  /** Browser mode only: ends the session on the server, then the status is `ended`. */
  readonly logout?: () => Promise<Result<void>>;
}
