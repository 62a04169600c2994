/// <reference lib="webworker" />
/**
 * Module worker: JSON-parses and zod-validates bridge frames and Electron
 * delta payloads off the page's main thread (zod runs jitless under the CSP,
 * and a 200-node delta took 10–25 ms there). Posts back the checked object or
 * `null` plus the warnings, which the page prints as it always did.
 */
import '../zod-config';
import { readFrame, type IncomingFrame } from './frames';
import { parseDelta } from './parse-delta';
import type { CheckRequest, CheckResult, Warning } from './delta-protocol';

const scope = self as unknown as { onmessage: ((ev: MessageEvent<CheckRequest>) => void) | null; postMessage(m: CheckResult): void };

function check(req: CheckRequest, warn: (message: string, ...details: unknown[]) => void): IncomingFrame | null {
  if (req.kind === 'frame') return readFrame(req.text, warn);
  const delta = parseDelta(req.payload, warn);
  return delta ? { kind: 'delta', delta } : null;
}

scope.onmessage = (ev) => {
  const warnings: Warning[] = [];
  const frame = check(ev.data, (message, ...details) => warnings.push([message, ...details]));
  try {
    scope.postMessage({ id: ev.data.id, frame, warnings });
  } catch {
    // details that cannot be cloned travel as text
    scope.postMessage({ id: ev.data.id, frame, warnings: warnings.map(([m, ...d]) => [m, ...d.map((x) => JSON.stringify(x))]) });
  }
};
