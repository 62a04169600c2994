import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runAgentCli, type CliIo } from '../../../agent/cli';

function capture(): CliIo & { out_: string[]; err_: string[] } {
  const out_: string[] = [];
  const err_: string[] = [];
  return { out_, err_, out: (l) => out_.push(l), err: (l) => err_.push(l) };
}

describe('replicadesk-agent arguments', () => {
  const cases: [string, string[], Record<string, string>, RegExp][] = [
    ['no token', [], {}, /token is required.*REPLICADESK_AGENT_TOKEN/],
    ['postgres backend without a data dir', ['--token', 't', '--backend', 'postgres'], {}, /postgres backend needs --pgdata DIR/],
    ['unknown backend', ['--token', 't', '--backend', 'mysql'], {}, /unknown backend "mysql"; use sandbox or postgres/],
    ['unknown sandbox', ['--token', 't', '--sandbox', 'ring'], {}, /unknown sandbox "ring"/],
    ['bad port', ['--token', 't', '--port', 'eighty'], {}, /--port must be a port number/],
    ['cert without key', ['--token', 't', '--tls-cert', 'c.pem'], {}, /--tls-cert and --tls-key go together/],
    ['missing TLS files', ['--token', 't', '--tls-cert', '/nonexistent/c.pem', '--tls-key', '/nonexistent/k.pem'], {}, /cannot read the TLS files/],
    ['unknown option', ['--token', 't', '--verbose'], {}, /Unknown option '--verbose'/],
  ];
  it.each(cases)('%s: exit 2 with a clear message', async (_name, argv, env, message) => {
    const io = capture();
    const outcome = await runAgentCli(argv, env, io);
    expect(outcome).toEqual({ code: 2, stop: null });
    expect(io.err_.join('\n')).toMatch(message);
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
  });
});
