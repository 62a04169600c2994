import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runAgentCli, type CliIo } from '../../../agent/cli';

function capture(): CliIo & { out_: string[]; err_: string[] } {
  const out_: string[] = [];
  const err_: string[] = [];
  return { out_, err_, out: (l) => out_.push(l), err: (l) => err_.push(l) };
}

describe('replicadesk-agent arguments', () => {
  const cases: [string, string[], Record<string, string>, RegExp][] = [
    ['no token', [], {}, /token is required.*REPLICADESK_AGENT_TOKEN/],
    ['postgres backend without a data dir', ['--backend', 'postgres'], { REPLICADESK_AGENT_TOKEN: 't' }, /postgres backend needs --pgdata DIR/],
    ['unknown backend', ['--backend', 'mysql'], { REPLICADESK_AGENT_TOKEN: 't' }, /unknown backend "mysql"; use sandbox, postgres, mariadb or pgbouncer/],
    ['mariadb without its log', ['--backend', 'mariadb', '--node-id', '10.0.0.5:3306'], { REPLICADESK_AGENT_TOKEN: 't' }, /the mariadb backend needs --error-log FILE/],
    ['unknown sandbox', ['--sandbox', 'ring'], { REPLICADESK_AGENT_TOKEN: 't' }, /unknown sandbox "ring"/],
    ['bad port', ['--port', 'eighty'], { REPLICADESK_AGENT_TOKEN: 't' }, /--port must be a port number/],
    ['cert without key', ['--tls-cert', 'c.pem'], { REPLICADESK_AGENT_TOKEN: 't' }, /--tls-cert and --tls-key go together/],
    ['missing TLS files', ['--tls-cert', '/nonexistent/c.pem', '--tls-key', '/nonexistent/k.pem'], { REPLICADESK_AGENT_TOKEN: 't' }, /cannot read the TLS files/],
    ['unknown option', ['--verbose'], { REPLICADESK_AGENT_TOKEN: 't' }, /Unknown option '--verbose'/],
  ];
  it.each(cases)('%s: exit 2 with a clear message', async (_name, argv, env, message) => {
    const io = capture();
    const outcome = await runAgentCli(argv, env, io);
    expect(outcome).toEqual({ code: 2, stop: null });
    expect(io.err_.join('\n')).toMatch(message);
  });

  it('refuses --token on the command line without --allow-cli-secrets, naming the safe ways', async () => {
    const io = capture();
    expect(await runAgentCli(['--token', 'cli-secret'], {}, io)).toEqual({ code: 2, stop: null });
    expect(io.err_.join('\n')).toMatch(/--token is refused: the command line is readable by every user.*--token-file FILE.*REPLICADESK_AGENT_TOKEN.*--allow-cli-secrets/);
  });

  it('accepts --token with --allow-cli-secrets, with a warning', async () => {
    const io = capture();
    const outcome = await runAgentCli(['--token', 'cli-secret', '--allow-cli-secrets', '--backend', 'postgres'], {}, io);
    expect(outcome.code).toBe(2); // fails later, on the missing --pgdata
    expect(io.err_.join('\n')).toMatch(/warning: --token is on the command line/);
    expect(io.err_.join('\n')).toMatch(/--pgdata/);
  });

  it('reads the token from --token-file, and warns when others may read the file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rd-token-'));
    const file = path.join(dir, 'token');
    writeFileSync(file, 'file-token\n', { mode: 0o644 });
    chmodSync(file, 0o644);
    const io = capture();
    const outcome = await runAgentCli(['--token-file', file, '--backend', 'postgres'], {}, io);
    expect(outcome.code).toBe(2);
    expect(io.err_.join('\n')).toMatch(/--pgdata/);
    expect(io.err_.join('\n')).toMatch(/mode 644: other users may read it/);
    expect((await runAgentCli(['--token-file', path.join(dir, 'missing')], {}, capture())).code).toBe(2);
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a password inside --pg-conn without --allow-cli-secrets', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rd-pgdata-'));
    writeFileSync(path.join(dir, 'PG_VERSION'), '15\n');
    const io = capture();
    const argv = ['--backend', 'postgres', '--pgdata', dir, '--pg-conn', 'postgres://postgres:pw-on-cli@127.0.0.1:5432/postgres'];
    expect(await runAgentCli(argv, { REPLICADESK_AGENT_TOKEN: 't' }, io)).toEqual({ code: 2, stop: null });
    expect(io.err_.join('\n')).toMatch(/--pg-conn carries a password, which is refused.*--pg-password-file FILE, PGPASSWORD or PGPASSFILE/);
    expect(io.err_.join('\n')).not.toContain('pw-on-cli');
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes the token from REPLICADESK_AGENT_TOKEN (then fails later on the backend)', async () => {
    const io = capture();
    const outcome = await runAgentCli(['--backend', 'postgres'], { REPLICADESK_AGENT_TOKEN: 'env-token' }, io);
    expect(outcome.code).toBe(2);
    expect(io.err_.join('\n')).not.toMatch(/token is required/);
  });

  it('--help prints usage and exits 0', async () => {
    const io = capture();
    expect(await runAgentCli(['--help'], {}, io)).toEqual({ code: 0, stop: null });
    expect(io.out_.join('\n')).toMatch(/--sandbox K/);
  });

  it('the bin runs the TypeScript CLI through tsx and exits 2 without a token', () => {
    const bin = fileURLToPath(new URL('../../../bin/replicadesk-agent.cjs', import.meta.url));
    const env = { ...process.env };
    delete env.REPLICADESK_AGENT_TOKEN;
    const r = spawnSync(process.execPath, [bin], { env, encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/a token is required/);
    // Starting tsx in a child takes seconds on a loaded machine; the child itself is bounded by spawnSync's timeout.
  }, 40_000);
});

describe('lookupPgpass', () => {
  it('finds the first matching line, with wildcards and escapes', async () => {
    const { lookupPgpass } = await import('../../../agent/cli-secrets');
    const text = ['# comment', 'db9:5432:*:postgres:wrong', '127.0.0.1:5433:*:postgres:other', '*:5432:*:postgres:a\\:b\\\\c', '*:*:*:*:fallback'].join('\n');
    expect(lookupPgpass(text, { host: '127.0.0.1', port: 5432, database: 'postgres', user: 'postgres' })).toBe('a:b\\c');
    expect(lookupPgpass(text, { host: '127.0.0.1', port: 5433, database: 'x', user: 'postgres' })).toBe('other');
    expect(lookupPgpass(text, { host: 'h', port: 1, database: 'x', user: 'u' })).toBe('fallback');
    expect(lookupPgpass('', { host: 'h', port: 1, database: 'x', user: 'u' })).toBeUndefined();
  });
});
