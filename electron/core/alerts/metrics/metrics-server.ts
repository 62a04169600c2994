import { timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { Registry } from 'prom-client';
import { fail, ok, type Result } from '../../../../shared/result';

export interface MetricsServerOptions {
  host: string;
  port: number;
  /** When set, every request needs `Authorization: Bearer <token>`. */
  token: string | null;
}

function sameToken(given: string, want: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(want);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `/metrics` on a port of its own (GET only); 401 without the bearer token when one is set. */
export class MetricsServer {
  private constructor(
    private readonly server: http.Server,
    readonly address: { host: string; port: number },
  ) {}

  static start(registry: Registry, opts: MetricsServerOptions): Promise<Result<MetricsServer>> {
    const server = http.createServer((req, res) => {
      if (opts.token) {
        const auth = req.headers.authorization ?? '';
        if (!auth.startsWith('Bearer ') || !sameToken(auth.slice(7), opts.token)) {
          res.writeHead(401, { 'www-authenticate': 'Bearer' }).end('unauthorized\n');
          return;
        }
      }
      if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
        res.writeHead(404).end('not found: ReplicaDesk serves /metrics only\n');
        return;
      }
      registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
        (error: unknown) => res.writeHead(500).end(`metrics failed: ${String(error)}\n`),
      );
    });
    server.requestTimeout = 10_000;
    return new Promise((resolve) => {
      server.once('error', (e: NodeJS.ErrnoException) => resolve(fail('metrics-listen', `the metrics endpoint cannot listen on ${opts.host}:${opts.port}: ${e.code ?? e.message}`)));
      server.listen(opts.port, opts.host, () => {
        const a = server.address();
        resolve(ok(new MetricsServer(server, { host: opts.host, port: typeof a === 'object' && a ? a.port : opts.port })));
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }
}
