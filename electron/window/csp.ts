/**
 * The Content-Security-Policy of the app, built in one place. No inline
 * script, no eval, no plugins, no frames, and `connect-src` names exactly
 * what the page may talk to: in Electron only its own origin (it uses IPC),
 * in browser mode its own origin plus the WebSocket of its own server
 * (`ws://127.0.0.1:PORT`), never `ws:`/`wss:` to any host.
 */
export interface CspOptions {
  /** Extra `connect-src` sources beyond 'self', each one exact: scheme, host and port. */
  connect?: readonly string[];
}

const EXACT_SOURCE = /^(https?|wss?):\/\/([a-z0-9.-]+|\[[0-9a-f:]+\]):\d{1,5}$/i;

export function buildCsp(opts: CspOptions = {}): string {
  const connect = opts.connect ?? [];
  const bad = connect.filter((s) => !EXACT_SOURCE.test(s));
  if (bad.length > 0) throw new Error(`connect-src sources must name scheme, host and port exactly: ${bad.join(', ')}`);
  const directives: [string, string][] = [
    ['default-src', "'self'"],
    ['script-src', "'self'"],
    ['style-src', "'self' 'unsafe-inline'"],
    ['img-src', "'self' data:"],
    ['font-src', "'self'"],
    ['connect-src', ["'self'", ...connect].join(' ')],
    ['object-src', "'none'"],
    ['frame-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
    ['frame-ancestors', "'none'"],
  ];
  return directives.map(([k, v]) => `${k} ${v}`).join('; ');
}

/** Browser mode: its own origin and its own WebSocket on the loopback port it listens on. */
export function browserModeCsp(port: number): string {
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new Error(`not a TCP port: ${port}`);
  return buildCsp({ connect: [`ws://127.0.0.1:${port}`] });
}

/** Electron: the renderer talks over IPC only. */
export const ELECTRON_CSP = buildCsp();
