import type { Db } from '../../../store/database';
import type { DeviceRegistry } from './device-registry';
import type { RegistryEntry } from './registry-entry';

/** A unit revoked here by a person, as the hub is to be told of it (docs/sync.md §10.4). */
export interface RevokeChange {
  readonly serial: string;
  readonly reason: string;
  readonly operator: string;
}

/** The station outbox as revoking sees it: told inside the revocation's own transaction. */
export interface RevokeHubHook {
  revoked(change: RevokeChange): void;
}

/**
 * Revokes a unit for good (cloned key, destroyed, recalled) as `by.operator`: the registry's change
 * and, at a station enrolled with a hub, its outbox row commit together. Revoking a revoked unit
 * changes nothing and tells nobody. A revocation pulled from the hub, or a scrap's, is the
 * registry's alone: each reaches the hub by its own path.
 */
export function revokeUnit(
  db: Db,
  registry: DeviceRegistry,
  serial: string,
  by: { readonly operator: string; readonly reason: string },
  hub?: RevokeHubHook,
): RegistryEntry {
  return db
    .transaction((): RegistryEntry => {
      const was = registry.lookup(serial)?.status;
      // The registry refuses an unknown serial and a blank reason, naming the field.
      const entry = registry.revoke(serial, { actor: by.operator, reason: by.reason });
      if (was !== 'revoked')
        hub?.revoked({ serial: entry.serial, reason: entry.statusReason ?? '', operator: by.operator });
      return entry;
    })
    .immediate();
}
