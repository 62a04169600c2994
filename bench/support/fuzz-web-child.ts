/**
 * Child process of `npm run bench:fuzz`: browser mode over a test core (fake
 * drivers, temp data dir), launch key from REPLICADESK_LAUNCH_KEY. Prints one
 * JSON line `{ "port": N }` when it listens; stops on SIGTERM.
 */
import { launchKeyFromEnv } from '../../electron/web/launch-tokens';
import { startWebServer } from '../../electron/web/web-server';
import { createTestCore } from '../../test/support/test-core';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

async function main(): Promise<void> {
  const launchKey = launchKeyFromEnv(process.env);
  const t = await createTestCore();
  const dir = mkdtempSync(path.join(tmpdir(), 'rd-fuzz-static-'));
  writeFileSync(path.join(dir, 'index.html'), '<html>ReplicaDesk</html>');
  const server = await startWebServer({ core: t.core, staticDir: dir, launchKey });
  process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);
  process.on('SIGTERM', () => {
    void server
      .close()
      .then(() => t.cleanup())
      .finally(() => process.exit(0));
  });
}

void main();
