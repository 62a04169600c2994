import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { z } from 'zod';

/** The published document, read from disk: the conformance suite knows the protocol only through it. */
export const SCHEMA_FILE = fileURLToPath(new URL('../../docs/agent-protocol.schema.json', import.meta.url));
const doc = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as Record<string, unknown>;

/** A validator for one `$defs` entry, refs resolved against the document (zod resolves `#/$defs/<name>` refs only). */
export function validatorFor(name: string): z.ZodType {
  return z.fromJSONSchema({ ...doc, anyOf: undefined, $ref: `#/$defs/${name}` } as never);
}

const agentFrame = validatorFor('AgentFrame');

/** A received frame as JSON (anything: the check decides whether it is a frame). */
export type Frame = { type?: unknown; [k: string]: unknown };

export interface Violation {
  frame: string;
  problems: string[];
}

/**
 * A protocol client that knows nothing of this repository's code: it sends
 * frames as the document says and checks every frame it receives against
 * `$defs/AgentFrame` of docs/agent-protocol.schema.json.
 */
export class ConformanceClient {
  readonly frames: Frame[] = [];
  readonly violations: Violation[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly waiters = new Set<() => void>();

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => this.receive(isBinary ? null : data.toString()));
    ws.on('error', () => {});
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  static async open(url: string): Promise<ConformanceClient> {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    const client = new ConformanceClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_q, res) => reject(new Error(`HTTP ${res.statusCode} from ${url}`)));
    });
    return client;
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The first frame from index `after` on that matches, waiting up to `timeoutMs`. */
  next(match: (f: Frame) => boolean, what: string, timeoutMs = 5_000, after = 0): Promise<Frame> {
    return new Promise((resolve, reject) => {
      const find = () => {
        const hit = this.frames.slice(after).find(match);
        if (!hit) return;
        this.waiters.delete(find);
        clearTimeout(timer);
        resolve(hit);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(find);
        reject(new Error(`no ${what} within ${timeoutMs} ms; received: ${this.frames.map((f) => String(f.type)).join(', ') || 'nothing'}`));
      }, timeoutMs);
      this.waiters.add(find);
      find();
    });
  }

  type(type: string, timeoutMs?: number, after?: number): Promise<Frame> {
    return this.next((f) => f.type === type, `${type} frame`, timeoutMs, after);
  }

  close(): void {
    this.ws.terminate();
  }

  private receive(text: string | null): void {
    let json: unknown = null;
    const problems: string[] = [];
    if (text === null) problems.push('a binary frame (the protocol uses text frames)');
    else {
      try {
        json = JSON.parse(text);
      } catch {
        problems.push('not JSON');
      }
      const checked = agentFrame.safeParse(json);
      if (!checked.success) problems.push(...checked.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
    }
    if (problems.length) this.violations.push({ frame: (text ?? '<binary>').slice(0, 300), problems });
    if (json && typeof json === 'object' && !Array.isArray(json)) this.frames.push(json as Frame);
    for (const w of [...this.waiters]) w();
  }
}
