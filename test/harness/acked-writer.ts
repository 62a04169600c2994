import pg from 'pg';

/** One stretch during which no write was acknowledged. */
export interface WriteOutage {
  /** Epoch ms of the last acknowledged write before it. */
  from: number;
  /** Epoch ms of the first acknowledged write after it. */
  to: number;
  ms: number;
}

export interface AckedWriter {
  /** Ids whose INSERT was acknowledged (committed as far as the client knows). */
  readonly acked: readonly number[];
  readonly outages: readonly WriteOutage[];
  /** Where the last acknowledged write went. */
  readonly writingTo: string | null;
  stop(): Promise<void>;
}

/**
 * A client-side writer, as an application would be: inserts one row at a time
 * into `rd_acked` (each attempt a new id), records what was acknowledged, and on
 * any error retries on whichever node accepts writes, trying every node in turn.
 * Outages (no acknowledged write for longer than `outageMs`) are recorded.
 */
export async function startAckedWriter(
  connectionStrings: Record<string, string>,
  opts: { intervalMs?: number; outageMs?: number } = {},
): Promise<AckedWriter> {
  const names = Object.keys(connectionStrings);
  const acked: number[] = [];
  const outages: WriteOutage[] = [];
  let running = true;
  let nextId = 1;
  let client: pg.Client | null = null;
  let writingTo: string | null = null;
  let lastOkAt = Date.now();
  let turn = 0;

  const open = async (name: string): Promise<pg.Client | null> => {
    const c = new pg.Client({ connectionString: connectionStrings[name], connectionTimeoutMillis: 1_000, statement_timeout: 2_000 });
    c.on('error', () => undefined);
    try {
      await c.connect();
      return c;
    } catch {
      await c.end().catch(() => undefined);
      return null;
    }
  };
  const drop = async () => {
    const c = client;
    client = null;
    await c?.end().catch(() => undefined);
  };

  const loop = (async () => {
    while (running) {
      if (!client) {
        const name = names[turn % names.length] ?? '';
        turn += 1;
        client = await open(name);
        if (client) writingTo = name;
      }
      if (client) {
        const id = nextId;
        nextId += 1;
        try {
          await client.query('INSERT INTO rd_acked (id) VALUES ($1)', [id]);
          const now = Date.now();
          acked.push(id);
          if (now - lastOkAt > (opts.outageMs ?? 100)) outages.push({ from: lastOkAt, to: now, ms: now - lastOkAt });
          lastOkAt = now;
        } catch {
          await drop();
        }
      }
      await new Promise((r) => setTimeout(r, opts.intervalMs ?? 2));
    }
  })();

  return {
    acked,
    outages,
    get writingTo() {
      return writingTo;
    },
    async stop() {
      running = false;
      await loop.catch(() => undefined);
      await drop();
    },
  };
}
