import pg from 'pg';

export interface PoolerLoadResult {
  committed: number;
  errors: string[];
  /** Longest single transaction (ms) that started inside the window, and over the whole run. */
  maxLatencyInWindowMs: number;
  maxLatencyMs: number;
}

export interface PoolerLoad {
  /** Marks the window whose latencies count (the switchover). */
  markWindow(start: number, end: number): void;
  stop(): Promise<PoolerLoadResult>;
}

/**
 * `clients` Node clients through PgBouncer, each committing one INSERT after
 * another into `table` (created first). No retries: every error counts.
 */
export async function startPoolerLoad(config: pg.ClientConfig, table: string, clients = 8): Promise<PoolerLoad> {
  if (!/^[a-z_][a-z_0-9]*$/.test(table)) throw new Error('table name: test constant only');
  const setup = new pg.Client(config);
  await setup.connect();
  await setup.query(`CREATE TABLE IF NOT EXISTS ${table} (id bigserial PRIMARY KEY, client int NOT NULL, n int NOT NULL)`);
  await setup.end();
  let running = true;
  let committed = 0;
  const errors: string[] = [];
  const lat: { at: number; ms: number }[] = [];
  let window: [number, number] | null = null;
  const loops = Array.from({ length: clients }, async (_, c) => {
    const client = new pg.Client(config);
    client.on('error', (e) => errors.push(`client ${c}: ${e.message}`));
    await client.connect();
    let n = 0;
    while (running) {
      const t0 = Date.now();
      try {
        await client.query(`INSERT INTO ${table} (client, n) VALUES ($1, $2)`, [c, n]);
        committed += 1;
        n += 1;
      } catch (e) {
        errors.push(`client ${c}: ${(e as Error).message}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      lat.push({ at: t0, ms: Date.now() - t0 });
    }
    await client.end().catch(() => undefined);
  });
  return {
    markWindow(start, end) {
      window = [start, end];
    },
    async stop() {
      running = false;
      await Promise.all(loops);
      const w = window as [number, number] | null;
      const inWin = w ? lat.filter((l) => l.at + l.ms >= w[0] && l.at <= w[1]) : lat;
      return { committed, errors, maxLatencyInWindowMs: Math.max(0, ...inWin.map((l) => l.ms)), maxLatencyMs: Math.max(0, ...lat.map((l) => l.ms)) };
    },
  };
}
