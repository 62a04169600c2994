import { describe, expect, it } from 'vitest';
import { firstChunkProblem } from '../../../../electron/drivers/postgres/protocol-sniffer';

function msg(type: string, length: number, extra = 0): Buffer {
  const b = Buffer.alloc(5 + extra);
  b.write(type, 0, 'latin1');
  b.writeInt32BE(length, 1);
  return b;
}

describe('firstChunkProblem', () => {
  it('accepts PostgreSQL answers to an SSLRequest', () => {
    expect(firstChunkProblem(Buffer.from('S'), true)).toBeNull();
    expect(firstChunkProblem(Buffer.from('N'), true)).toBeNull();
    expect(firstChunkProblem(msg('E', 80, 76), true)).toBeNull();
  });

  it('accepts PostgreSQL answers to a StartupMessage', () => {
    expect(firstChunkProblem(msg('R', 8, 4), false)).toBeNull();
    expect(firstChunkProblem(msg('R', 23, 19), false)).toBeNull(); // SASL mechanisms
    expect(firstChunkProblem(msg('E', 100, 96), false)).toBeNull();
    expect(firstChunkProblem(Buffer.from('R'), false)).toBeNull(); // too short to tell
  });

  it('refuses HTTP, SSH and other text', () => {
    expect(firstChunkProblem(Buffer.from('HTTP/1.1 400 Bad Request\r\n'), true)).toBe('HTTP/1.1 400 Bad Request');
    expect(firstChunkProblem(Buffer.from('HTTP/1.1 400 Bad Request\r\n'), false)).toMatch(/^HTTP/);
    expect(firstChunkProblem(Buffer.from('SSH-2.0-OpenSSH_9.2\r\n'), true)).toMatch(/^SSH-2.0/);
    expect(firstChunkProblem(Buffer.from('-ERR unknown command\r\n'), false)).toMatch(/^-ERR/);
  });

  it('refuses a valid type letter with an absurd length', () => {
    expect(firstChunkProblem(Buffer.from('RTTP/1.1'), false)).toBe('RTTP/1.1');
  });

  it('masks unprintable bytes', () => {
    expect(firstChunkProblem(Buffer.from([0x16, 0x03, 0x01, 0x41]), false)).toBe('...A');
  });
});
