import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fuses from '@electron/fuses';
import { FUSES } from '../../../scripts/fuses.mjs';
import afterPack, { applyFuses, electronBinaryPath } from '../../../scripts/after-pack.mjs';

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const INHERIT = 144;

/** A stand-in Electron binary: padding, the fuse sentinel, wire version 1, eight fuses all left as built. */
function fakeElectron(dir: string, name: string): string {
  const file = path.join(dir, name);
  const wire = Buffer.from([...Buffer.from(SENTINEL), 1, 8, ...Array<number>(8).fill(INHERIT)]);
  writeFileSync(file, Buffer.concat([Buffer.alloc(64, 7), wire, Buffer.alloc(64, 7)]));
  return file;
}

describe('Electron fuses', () => {
  it('the checked-in list turns off RunAsNode, NODE_OPTIONS, --inspect and file:// privileges, and turns on cookie encryption, ASAR integrity and ASAR-only', () => {
    expect(FUSES).toEqual({
      RunAsNode: false,
      EnableCookieEncryption: true,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
      GrantFileProtocolExtraPrivileges: false,
    });
    for (const name of Object.keys(FUSES)) expect(typeof fuses.FuseV1Options[name as keyof typeof fuses.FuseV1Options], name).toBe('number');
  });

  it('the afterPack hook flips them in the packed binary and reads every one back', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rd-fuses-'));
    try {
      const binary = fakeElectron(dir, 'replicadesk');
      await afterPack({ appOutDir: dir, electronPlatformName: 'linux', arch: 1, packager: { appInfo: { productFilename: 'ReplicaDesk' }, executableName: 'replicadesk' } });
      const wire = await fuses.getCurrentFuseWire(binary);
      for (const [name, on] of Object.entries(FUSES)) {
        expect(wire[fuses.FuseV1Options[name as keyof typeof fuses.FuseV1Options]], name).toBe(on ? 49 : 48);
      }
      // LoadBrowserProcessSpecificV8Snapshot is not ours to set: left as built.
      expect(wire[fuses.FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]).toBe(INHERIT);
      expect(readFileSync(binary).length).toBe(64 + SENTINEL.length + 2 + 8 + 64);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails the build when a fuse does not read back (a wire too short for it)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rd-fuses-'));
    try {
      const file = path.join(dir, 'short');
      writeFileSync(file, Buffer.from([...Buffer.from(SENTINEL), 1, 2, INHERIT, INHERIT]));
      await expect(applyFuses(file)).rejects.toThrow(/not long enough|not set/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds the executable on each platform', () => {
    const packager = { appInfo: { productFilename: 'ReplicaDesk' }, executableName: 'replicadesk' };
    expect(electronBinaryPath({ appOutDir: '/o', electronPlatformName: 'linux', arch: 1, packager })).toBe('/o/replicadesk');
    expect(electronBinaryPath({ appOutDir: '/o', electronPlatformName: 'win32', arch: 1, packager })).toBe('/o/ReplicaDesk.exe');
    expect(electronBinaryPath({ appOutDir: '/o', electronPlatformName: 'darwin', arch: 3, packager })).toBe('/o/ReplicaDesk.app');
  });
});

describe('electron-builder.yml', () => {
  it('runs the fuse hook after packing, and packs the app into an ASAR', () => {
    const yml = readFileSync(path.join(__dirname, '../../../electron-builder.yml'), 'utf8');
    expect(yml).toMatch(/^afterPack: \.\/scripts\/after-pack\.mjs$/m);
    expect(yml).toMatch(/^asar: true$/m);
  });
});
