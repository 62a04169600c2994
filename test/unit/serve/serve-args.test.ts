import { describe, expect, it } from 'vitest';
import { parseServeArgs, USAGE } from '../../../electron/serve/serve-args';

const parse = (argv: string[], env: NodeJS.ProcessEnv = {}) => parseServeArgs(argv, env, () => '/default/dir');

describe('replicadesk arguments', () => {
  it('serve defaults: 127.0.0.1, any free port, the default data dir, no warnings', () => {
    expect(parse(['serve'])).toEqual({ kind: 'serve', port: 0, dataDir: '/default/dir', host: '127.0.0.1', allowRemote: false, warnings: [] });
  });

  it('takes --port, --data-dir and --host as "--flag value" and "--flag=value", and REPLICADESK_PORT', () => {
    expect(parse(['serve', '--port', '8080', '--data-dir', '/srv/rd', '--host', '127.0.0.2'])).toMatchObject({ port: 8080, dataDir: '/srv/rd', host: '127.0.0.2' });
    expect(parse(['serve', '--port=8081', '--data-dir=/x'])).toMatchObject({ port: 8081, dataDir: '/x' });
    expect(parse(['serve'], { REPLICADESK_PORT: '9000' })).toMatchObject({ port: 9000 });
    expect(parse(['serve', '--port', '7000'], { REPLICADESK_PORT: '9000' })).toMatchObject({ port: 7000 });
  });

  it('help: --help, -h, help, and --help after a command', () => {
    for (const argv of [['--help'], ['-h'], ['help'], ['serve', '--help'], ['link', '-h']]) expect(parse(argv), argv.join(' ')).toEqual({ kind: 'help' });
    expect(USAGE).toContain('replicadesk serve');
    expect(USAGE).toContain('--allow-remote');
  });

  it('link takes only --data-dir', () => {
    expect(parse(['link', '--data-dir', '/srv/rd'])).toEqual({ kind: 'link', dataDir: '/srv/rd' });
    expect(parse(['link'])).toEqual({ kind: 'link', dataDir: '/default/dir' });
    expect(parse(['link', '--port', '1'])).toEqual({ kind: 'error', message: '--port is not an option of link' });
  });

  it.each([
    [[], 'missing command'],
    [['start'], 'unknown command "start"'],
    [['serve', '--prot', '1'], 'unknown option "--prot"'],
    [['serve', '--port'], '--port needs a value'],
    [['serve', '--port', '--host', '127.0.0.1'], '--port needs a value'],
    [['serve', '--port='], '--port needs a value'],
    [['serve', '--port', 'abc'], '--port must be an integer from 0 to 65535'],
    [['serve', '--port', '65536'], '--port must be an integer from 0 to 65535'],
    [['serve', '--port', '-1'], '--port must be an integer from 0 to 65535, not "-1"'],
    [['serve', '--port', '1.5'], '--port must be an integer'],
    [['serve', '--port', '1', '--port', '2'], '--port given twice'],
    [['serve', '--allow-remote=yes'], '--allow-remote takes no value'],
    [['serve', '--host', 'example.com'], '--host must be an IPv4 address'],
    [['serve', '--host', '::1'], '--host must be an IPv4 address'],
    [['serve', '--host', '0.0.0.0', '--allow-remote'], '0.0.0.0 (every address) is refused'],
    [['serve', '--data-dir'], '--data-dir needs a value'],
  ])('refuses %j with a message naming the problem', (argv, message) => {
    const r = parse(argv as string[]);
    expect(r.kind).toBe('error');
    expect(r.kind === 'error' && r.message).toContain(message);
  });

  it('refuses a non-loopback --host without --allow-remote, and warns with it', () => {
    const refused = parse(['serve', '--host', '10.0.0.5']);
    expect(refused.kind === 'error' && refused.message).toMatch(/refusing to listen on 10\.0\.0\.5.*no TLS.*SSH tunnel.*--allow-remote/);
    const allowed = parse(['serve', '--host', '10.0.0.5', '--allow-remote']);
    expect(allowed).toMatchObject({ kind: 'serve', host: '10.0.0.5', allowRemote: true });
    expect(allowed.kind === 'serve' && allowed.warnings.join('')).toMatch(/WARNING: listening on 10\.0\.0\.5, not loopback.*no TLS/);
    expect(parse(['serve', '--host', '127.3.4.5'])).toMatchObject({ kind: 'serve', warnings: [] });
  });
});
