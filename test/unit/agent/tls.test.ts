import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { helloClient, openClient } from './ws-client';
import { serverPool, TOKEN } from './helpers';
import { FakeBackend } from './fake-backend';

const pool = serverPool();
let dir = '';
let cert = '';
let key = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'agent-tls-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'pipe' });
  } catch (error) {
    throw new Error(`this test needs the openssl CLI to make a self-signed certificate (apt-get install openssl): ${String(error)}`);
  }
  cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
  key = readFileSync(join(dir, 'key.pem'), 'utf8');
});
afterAll(async () => {
  await pool.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

describe('agent server over TLS', () => {
  it('serves wss:// with the given cert and key', async () => {
    const { server } = await pool.start(new FakeBackend('n1'), { tls: { cert, key } });
    expect(server.url).toMatch(/^wss:\/\/127\.0\.0\.1:\d+$/);
    const c = await openClient(server.url, { ca: cert });
    c.send({ v: 1, type: 'hello', token: TOKEN, clientVersion: 'test/1' });
    expect((await c.next('welcome')).nodeId).toBe('n1');
    c.close();
    // A client that does not trust the certificate cannot connect.
    await expect(helloClient(server.url, TOKEN)).rejects.toThrow(/self.signed|certificate/i);
  });
});
