import net from 'node:net';

export const USAGE = `Usage:
  replicadesk serve [--port N] [--data-dir DIR] [--host ADDR [--allow-remote]]
      Watches the clusters saved in DIR without a window (no sandbox, no browser opened) and serves
      browser mode on ADDR:N (default 127.0.0.1, a free port), printing a one-time link to attach with.
      SIGTERM or SIGINT stops it cleanly; SIGUSR2 prints a new link.
  replicadesk link [--data-dir DIR]
      Prints a new one-time link to the \`replicadesk serve\` watching DIR (run it as the serve's user).
  replicadesk --help

Options:
  --port N         TCP port for browser mode, 0 for any free port (default 0, or $REPLICADESK_PORT)
  --data-dir DIR   settings, secrets, audit log and history (default $REPLICADESK_DATA_DIR, else ~/.config/replicadesk)
  --host ADDR      IPv4 address to listen on (default 127.0.0.1). Anything but a loopback address is refused
                   unless --allow-remote is given: browser mode has no TLS, so the session cookie and every
                   password you type would cross the network in clear. Prefer an SSH tunnel:
                   ssh -L 8080:127.0.0.1:PORT host, then open the link with 8080 in place of PORT.
  --allow-remote   accept a non-loopback --host (with a warning)
  --help, -h       this text
`;

export type ServeCommand =
  | { kind: 'help' }
  | { kind: 'serve'; port: number; dataDir: string; host: string; allowRemote: boolean; warnings: string[] }
  | { kind: 'link'; dataDir: string }
  | { kind: 'error'; message: string };

const VALUE_FLAGS = new Set(['--port', '--data-dir', '--host']);
const BOOL_FLAGS = new Set(['--allow-remote', '--help', '-h']);

/**
 * Parses `replicadesk` arguments. Never throws: a bad flag is an `error` whose
 * message names it (the bin prints it with the usage and exits 2).
 */
export function parseServeArgs(argv: readonly string[], env: NodeJS.ProcessEnv, defaultDataDir: () => string): ServeCommand {
  const [sub, ...rest] = argv;
  if (sub === undefined) return { kind: 'error', message: 'missing command: serve or link' };
  if (sub === '--help' || sub === '-h' || sub === 'help') return { kind: 'help' };
  if (sub !== 'serve' && sub !== 'link') return { kind: 'error', message: `unknown command ${JSON.stringify(sub)}: expected serve or link` };
  const flags = new Map<string, string>();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (BOOL_FLAGS.has(name)) {
      if (eq > 0) return { kind: 'error', message: `${name} takes no value` };
      flags.set(name, 'true');
      continue;
    }
    if (!VALUE_FLAGS.has(name)) return { kind: 'error', message: `unknown option ${JSON.stringify(arg)}` };
    const value = eq > 0 ? arg.slice(eq + 1) : rest[++i];
    if (value === undefined || value === '' || (eq < 0 && value.startsWith('--'))) return { kind: 'error', message: `${name} needs a value` };
    if (flags.has(name)) return { kind: 'error', message: `${name} given twice` };
    flags.set(name, value);
  }
  if (flags.has('--help') || flags.has('-h')) return { kind: 'help' };
  const dataDir = flags.get('--data-dir') ?? defaultDataDir();
  if (sub === 'link') {
    const extra = [...flags.keys()].find((f) => f !== '--data-dir');
    return extra ? { kind: 'error', message: `${extra} is not an option of link` } : { kind: 'link', dataDir };
  }
  const port = parsePort(flags.get('--port') ?? env.REPLICADESK_PORT ?? '0');
  if (port === null) return { kind: 'error', message: `--port must be an integer from 0 to 65535, not ${JSON.stringify(flags.get('--port') ?? env.REPLICADESK_PORT)}` };
  const host = flags.get('--host') ?? '127.0.0.1';
  const allowRemote = flags.has('--allow-remote');
  const hostProblem = checkHost(host, allowRemote);
  if (hostProblem) return { kind: 'error', message: hostProblem };
  const warnings = isLoopback(host)
    ? []
    : [`WARNING: listening on ${host}, not loopback (--allow-remote). Browser mode has no TLS: the session cookie, and any password typed into the page, cross the network in clear, and anyone who can reach ${host} can try links. Prefer 127.0.0.1 and an SSH tunnel.`];
  return { kind: 'serve', port, dataDir, host, allowRemote, warnings };
}

function parsePort(text: string): number | null {
  if (!/^\d{1,5}$/.test(text)) return null;
  const n = Number(text);
  return n <= 65535 ? n : null;
}

export function isLoopback(host: string): boolean {
  return net.isIPv4(host) && host.startsWith('127.');
}

function checkHost(host: string, allowRemote: boolean): string | null {
  if (!net.isIPv4(host)) return `--host must be an IPv4 address such as 127.0.0.1, not ${JSON.stringify(host)}`;
  if (host === '0.0.0.0') return '--host 0.0.0.0 (every address) is refused: the server checks the Host header against the one address it listens on, so name that address';
  if (!isLoopback(host) && !allowRemote) {
    return `refusing to listen on ${host}, which is not a loopback address: browser mode has no TLS, so the session cookie and any password typed into the page would cross the network in clear. Use an SSH tunnel to 127.0.0.1, or pass --allow-remote to accept the risk.`;
  }
  return null;
}
