import pg from 'pg';

/** Runs one statement over the node's Unix socket as the superuser (trusted locally). */
export async function socketQuery<R extends pg.QueryResultRow = pg.QueryResultRow>(
  socketDir: string,
  port: number,
  sql: string,
  params: unknown[] = [],
): Promise<R[]> {
  const client = new pg.Client({ host: socketDir, port, user: 'postgres', database: 'postgres' });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const res = await client.query<R>(sql, params);
    return res.rows;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Polls `check` until it returns true, or throws `what` after `timeoutMs`. */
export async function waitUntil(check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = null;
  for (;;) {
    try {
      if (await check()) return;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      const detail = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
