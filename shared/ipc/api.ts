import type { Channel, RequestOf, ResponseOf } from './contract';
import type { MonitorDelta } from './delta';
import type { Result } from '../result';

/**
 * The one API the renderer sees, whether it runs in Electron (preload) or in
 * a browser (WebSocket bridge). Every call resolves to data, never throws.
 */
export interface DeskApi {
  invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<Result<ResponseOf<C>>>;
  /** Returns an unsubscribe function. */
  onDelta(listener: (delta: MonitorDelta) => void): () => void;
  /** How this renderer reaches the core, for the status bar. */
  readonly transport: 'electron' | 'web';
}
