// `npm start`: the Electron app when Electron can run here, otherwise browser mode, saying why.
import { spawn, spawnSync } from 'node:child_process';




function electronBinary() {
  // Resolving the package may try to download its binary; give it a bounded child process.
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (probe.status === 0 && probe.stdout) return { ok: true, path: probe.stdout.trim() };
  const lines = (probe.stderr || probe.error?.message || '').split('\n').map((l) => l.trim());
  const download = lines.find((l) => /fetch failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED/.test(l));
  const error = lines.find((l) => l.startsWith('Error:'));
  const why = download ? `its download failed: ${download}` : (error ?? 'the electron package could not resolve it');
  return { ok: false, reason: `the Electron binary is not available here (${why})` };
}

function fallBack(reason) {
  console.error(`\nReplicaDesk: cannot start the desktop window: ${reason}.`);
  console.error('Falling back to browser mode: the same app, served on 127.0.0.1.\n');
  const child = spawn(process.execPath, ['dist/web/server.cjs', ...process.argv.slice(2)], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
  for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => child.kill(s));
}

if (process.env.REPLICADESK_WEB === '1') fallBack('REPLICADESK_WEB=1 asks for browser mode');
else if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  fallBack('no display ($DISPLAY and $WAYLAND_DISPLAY are unset)');
} else {
  const bin = electronBinary();
  if (!bin.ok) fallBack(bin.reason);
  else {
    const started = Date.now();
    const child = spawn(bin.path, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
    child.on('error', (e) => fallBack(`Electron failed to launch (${e.message})`));
    child.on('exit', (code) => {
      // A crash in the first seconds means Electron cannot run here (missing libraries, no GPU, …).
      if (code !== 0 && Date.now() - started < 5_000) fallBack(`Electron exited with code ${code} at start-up`);
      else process.exit(code ?? 0);
    });
  }
}

