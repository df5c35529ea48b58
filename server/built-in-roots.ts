import { join } from 'node:path';
import type { PinnedRoot } from '../native/attestation/verify-chain';
import { loadProductionRoots, PRODUCTION_ROOT_FILE } from '../electron/services/devices/genuine/pinned-roots';
import { resourcesDir } from '../electron/services/station/resources-dir';

/**
 * The manufacturer roots every station pins (HubConfig.builtInRoots): the file the stations ship,
 * unless `hub serve --built-in-roots` names another (a hub serving stations of another build).
 * Read from the release, not the database, so every hub process of one release refuses the same.
 */
export function hubBuiltInRoots(file?: string): PinnedRoot[] {
  return loadProductionRoots(file ?? join(resourcesDir(), PRODUCTION_ROOT_FILE));
}
