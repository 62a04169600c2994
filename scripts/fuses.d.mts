export type FuseName =
  | 'RunAsNode'
  | 'EnableCookieEncryption'
  | 'EnableNodeOptionsEnvironmentVariable'
  | 'EnableNodeCliInspectArguments'
  | 'EnableEmbeddedAsarIntegrityValidation'
  | 'OnlyLoadAppFromAsar'
  | 'GrantFileProtocolExtraPrivileges';
export declare const FUSES: Readonly<Record<FuseName, boolean>>;
export declare function fuseWire(FuseV1Options: Record<string, unknown>): Record<number, boolean>;
