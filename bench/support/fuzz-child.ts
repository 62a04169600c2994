import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** A server under fuzz in its own process, so that a crash is an exit we can see. */
export interface FuzzChild {
  port: number;
  pid: number;
  /** Exit code or signal, once the process has exited. */
  exited(): string | null;
  rssMb(): number;
  stop(): Promise<void>;
}

export async function startFuzzChild(root: string, script: string, env: Record<string, string>): Promise<FuzzChild> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(root, script)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, REPLICADESK_LOG: 'error', ...env },
  });
  let exit: string | null = null;
  child.once('exit', (code, signal) => (exit = signal ?? String(code)));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve((JSON.parse(out.slice(0, nl)) as { port: number }).port);
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before listening`)));
  });
  return {
    port,
    pid: child.pid!,
    exited: () => exit,
    rssMb: () => {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      return m ? Number(m[1]) / 1024 : NaN;
    },
    stop: () =>
      new Promise((resolve) => {
        if (exit !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
