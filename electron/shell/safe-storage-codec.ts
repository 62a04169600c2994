import { safeStorage } from 'electron';
import type { SecretCodec } from '../core/settings/secret-store';

/** Seals secrets with the OS keychain via Electron's safeStorage; refuses to store them in plain text. */
export function safeStorageCodec(): SecretCodec {
  if (!safeStorage.isEncryptionAvailable()) {
    throw new Error('the OS secret store (safeStorage) is not available; use browser mode, which keeps secrets in a 0600 file');
  }
  return {
    description: "the operating system's secret store (Electron safeStorage)",
    seal: (plain) => safeStorage.encryptString(plain).toString('base64'),
    open: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')),
  };
}
