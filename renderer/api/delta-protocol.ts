import type { IncomingFrame } from './frames';

/** What the page posts to the delta worker: a bridge frame as text (browser), or a delta payload (Electron). */
export type CheckRequest = { id: number; kind: 'frame'; text: string } | { id: number; kind: 'delta'; payload: unknown };

/** A warning the worker could not print itself: `console.warn(message, ...details)` on the page. */
export type Warning = [message: string, ...details: unknown[]];

/** What the worker posts back: the checked frame (or `null`, dropped) and the warnings to print, under the same id. */
export interface CheckResult {
  id: number;
  frame: IncomingFrame | null;
  warnings: Warning[];
}
