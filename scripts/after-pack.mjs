// electron-builder `afterPack` hook: flips FUSES in the packaged Electron binary, then reads the wire back
// and fails the build unless every fuse has the state we asked for (a step is done only when observed).
import path from 'node:path';
import fuses from '@electron/fuses';
import { FUSES, fuseWire } from './fuses.mjs';

const { flipFuses, getCurrentFuseWire, FuseV1Options, FuseVersion } = fuses;
const ENABLE = 49; // '1' in the wire
const DISABLE = 48; // '0'

/** The Electron executable electron-builder just packed, per platform. */
export function electronBinaryPath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const name = packager.appInfo.productFilename;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') return path.join(appOutDir, `${name}.app`);
  if (electronPlatformName === 'win32') return path.join(appOutDir, `${name}.exe`);
  return path.join(appOutDir, packager.executableName ?? name);
}

/** Flips the fuses of the binary at `binary` and returns what the wire says afterwards. */
export async function applyFuses(binary, { resetAdHocDarwinSignature = false } = {}) {
  await flipFuses(binary, { version: FuseVersion.V1, resetAdHocDarwinSignature, ...fuseWire(FuseV1Options) });
  const wire = await getCurrentFuseWire(binary);
  const wrong = Object.entries(FUSES).filter(([name, on]) => wire[FuseV1Options[name]] !== (on ? ENABLE : DISABLE));
  if (wrong.length > 0) throw new Error(`fuses not set in ${binary}: ${wrong.map(([n]) => n).join(', ')}`);
  return Object.fromEntries(Object.keys(FUSES).map((name) => [name, wire[FuseV1Options[name]] === ENABLE]));
}

export default async function afterPack(context) {
  const binary = electronBinaryPath(context);
  const arm64Mac = context.electronPlatformName === 'darwin' && context.arch === 3; // builder-util Arch.arm64
  const set = await applyFuses(binary, { resetAdHocDarwinSignature: arm64Mac });
  console.log(`afterPack: fuses set and read back in ${binary}: ${JSON.stringify(set)}`);
}
