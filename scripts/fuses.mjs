// The Electron fuses of every packaged build, flipped in the binary by after-pack.mjs and read back there.
// Keys are @electron/fuses' FuseV1Options names; test/unit/web/fuses.test.ts holds each value.
export const FUSES = Object.freeze({
  // ELECTRON_RUN_AS_NODE would turn the signed app into a plain Node interpreter.
  RunAsNode: false,
  // Chromium's cookie store encrypted with the OS key, as Chrome does.
  EnableCookieEncryption: true,
  // NODE_OPTIONS / NODE_EXTRA_CA_CERTS could inject code or trust into the main process.
  EnableNodeOptionsEnvironmentVariable: false,
  // --inspect and SIGUSR1 would open a debugger on the main process.
  EnableNodeCliInspectArguments: false,
  // app.asar checked against the hash embedded at build time (macOS, Windows).
  EnableEmbeddedAsarIntegrityValidation: true,
  // Only app.asar is loaded: no unpacked `app/` folder next to it can replace the code.
  OnlyLoadAppFromAsar: true,
  // file:// gets no privileges beyond a browser's: the app is served from app://replicadesk/.
  GrantFileProtocolExtraPrivileges: false,
});

/** FUSES as @electron/fuses wants them: `{ [FuseV1Options.X]: value }`. */
export function fuseWire(FuseV1Options) {
  const wire = {};
  for (const [name, on] of Object.entries(FUSES)) {
    const index = FuseV1Options[name];
    if (typeof index !== 'number') throw new Error(`@electron/fuses has no fuse named ${name}`);
    wire[index] = on;
  }
  return wire;
}
