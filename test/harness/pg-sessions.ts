import pg from 'pg';

/** A client session the test drives by hand: its pid, and statements that may block. */
export interface TestSession {
  pid: number;
  /** Runs a statement; resolves with 'ok' or the error's message (never rejects), so a blocked call can be awaited later. */
  run(sql: string): Promise<string>;
  close(): Promise<void>;
}

export async function openSession(connectionString: string, applicationName = 'rd-test'): Promise<TestSession> {
  const client = new pg.Client({ connectionString, application_name: applicationName });
  client.on('error', () => undefined);
  await client.connect();
  const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
  return {
    pid,
    run: (sql) =>
      client.query(sql).then(
        () => 'ok',
        (e: Error) => e.message,
      ),
    close: () => client.end().catch(() => undefined),
  };
}

/** Resolves with what `p` settled to, or 'still waiting' after `ms`: to assert that a statement is (still) blocked. */
export function settledWithin(p: Promise<string>, ms: number): Promise<string> {
  return Promise.race([p, new Promise<string>((r) => setTimeout(() => r('still waiting'), ms))]);
}
