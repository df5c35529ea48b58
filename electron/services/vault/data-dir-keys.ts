import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileKeyProvider, KeyFileError } from './file-key-provider';
import type { KeyProvider } from './key-provider';

/**
 * Where a data directory keeps its document key: a 0600 file (browser-hosted station, CLI, a
 * desktop app without a keychain) or the same key wrapped by the desktop app's OS keychain.
 * A directory has one of the two, never both: every mode must open the documents the others
 * stored, and the keyed hashes behind the fraud signals must match across them.
 */
export function documentKeyPaths(dataDir: string): { readonly file: string; readonly wrapped: string } {
  const keys = join(dataDir, 'keys');
  return { file: join(keys, 'documents.key'), wrapped: join(keys, 'documents.key.safe') };
}

/**
 * The data directory's key file, created on first use — except where the desktop app already
 * holds the directory's key in the keychain: a fresh file key there would seal new documents
 * under a second key and leave the old ones unreadable to this process, so it refuses instead.
 */
export function dataDirFileKey(dataDir: string): KeyProvider {
  const { file, wrapped } = documentKeyPaths(dataDir);
  const provider = fileKeyProvider(file);
  return {
    description: provider.description,
    loadKey() {
      if (!existsSync(file) && existsSync(wrapped)) {
        throw new KeyFileError(
          `The documents in ${dataDir} are sealed with a key held by the desktop app's OS keychain ` +
            `(${wrapped}); open this data directory with the desktop app, which can unwrap it.`,
        );
      }
      return provider.loadKey();
    },
  };
}
