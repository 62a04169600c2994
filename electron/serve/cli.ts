import { toLogFormat } from '../core/errors';
import { main } from './serve-main';

/** Entry of `bin/replicadesk.cjs` (built to dist/serve/cli.cjs). */
main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`replicadesk: ${toLogFormat(error)}\n`);
  process.exit(1);
});
