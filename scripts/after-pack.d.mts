import type { FuseName } from './fuses.mjs';
export interface PackContext {
  appOutDir: string;
  electronPlatformName: string;
  arch: number;
  packager: { appInfo: { productFilename: string }; executableName?: string };
}
export declare function electronBinaryPath(context: PackContext): string;
export declare function applyFuses(binary: string, opts?: { resetAdHocDarwinSignature?: boolean }): Promise<Record<FuseName, boolean>>;
export default function afterPack(context: PackContext): Promise<void>;
