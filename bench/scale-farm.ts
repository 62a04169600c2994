/** The sandbox farm of bench:scale, in its own process: agents for `nodes` nodes in clusters of 200. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export interface Farm {
  specs: Record<string, unknown>[];
  stop(): Promise<void>;
}

export async function startFarm(nodes: number): Promise<Farm> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'bench/support/sandbox-farm.ts'), '--nodes', String(nodes)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, REPLICADESK_LOG: 'error' },
  });
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(out.slice(0, nl));
    });
    child.once('exit', (code) => reject(new Error(`sandbox farm exited with ${code}`)));
  });
  return {
    specs: (JSON.parse(line) as { specs: Record<string, unknown>[] }).specs,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
