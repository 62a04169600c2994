import { protocol } from 'electron';
import { promises as fs } from 'node:fs';
import { APP_SCHEME } from './app-origin';
import { APP_SCHEME_PRIVILEGES, answerAppRequest } from './app-protocol';
import { ELECTRON_CSP } from './csp';

/** Must run before `app` is ready: Electron fixes scheme privileges at start-up. */
export function registerAppSchemeBeforeReady(): void {
  protocol.registerSchemesAsPrivileged([{ ...APP_SCHEME_PRIVILEGES, privileges: { ...APP_SCHEME_PRIVILEGES.privileges } }]);
}

/** Serves `app://replicadesk/…` from the built renderer folder (after ready). */
export function serveAppScheme(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const r = await answerAppRequest(
      { url: request.url, method: request.method },
      { rendererDir, csp: ELECTRON_CSP, readFile: (f) => fs.readFile(f) },
    );
    const body = typeof r.body === 'string' ? r.body : new Blob([new Uint8Array(r.body)]);
    return new Response(body, { status: r.status, headers: r.headers });
  });
}
