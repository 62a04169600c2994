// Bundles the Node side: Electron main + preload, browser-mode server, `replicadesk serve`, and the node agent.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  // pg's optional native binding is never used; better-sqlite3 loads its .node file at run time (not bundled).
  external: ['electron', 'pg-native', 'better-sqlite3'],
};

await Promise.all([
  build({ ...common, entryPoints: ['electron/main.ts'], outfile: 'dist/electron/main.cjs' }),
  build({ ...common, entryPoints: ['electron/preload/preload.ts'], outfile: 'dist/electron/preload.cjs' }),
  build({ ...common, entryPoints: ['electron/web/main.ts'], outfile: 'dist/web/server.cjs' }),
  build({ ...common, entryPoints: ['agent/cli.ts'], outfile: 'dist/agent/cli.cjs' }),
  build({ ...common, entryPoints: ['electron/serve/cli.ts'], outfile: 'dist/serve/cli.cjs' }),
]);
