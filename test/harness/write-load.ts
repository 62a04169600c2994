import pg from 'pg';

export interface WriteLoad {
  /** Rows inserted so far. */
  readonly rows: number;
  stop(): Promise<void>;
}

/**
 * Inserts rows into `rd_load` on the primary in a loop (one small transaction
 * every `intervalMs`) until stopped, so the WAL keeps moving.
 */
export async function startWriteLoad(connectionString: string, opts: { intervalMs?: number; rowsPerTx?: number } = {}): Promise<WriteLoad> {
  const intervalMs = opts.intervalMs ?? 20;
  const rowsPerTx = opts.rowsPerTx ?? 50;
  const client = new pg.Client({ connectionString });
  client.on('error', () => undefined);
  await client.connect();
  await client.query('CREATE TABLE IF NOT EXISTS rd_load (id bigserial PRIMARY KEY, at timestamptz DEFAULT now(), pad text)');
  let rows = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      await client.query(`INSERT INTO rd_load (pad) SELECT repeat('x', 200) FROM generate_series(1, ${rowsPerTx})`);
      rows += rowsPerTx;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  })();
  return {
    get rows() {
      return rows;
    },
    async stop() {
      running = false;
      await loop.catch(() => undefined);
      await client.end().catch(() => undefined);
    },
  };
}
