import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { DomainError } from '../../../contract/domain/errors';
import type { DeviceRegistry, ImportReport, ListOptions } from './device-registry';
import { detectManifestFormat, type ManifestFormat } from './manifest-rows';
import type { RegistryEntry } from './registry-entry';
import type { Operator } from '../../../contract/context';
import type { FreezeRecord, Freezes } from './freezes';

/** What the registry's contract calls (devices.importManifest, .registry, .freeze) need of the station. */
export interface RegistryCalls {
  importManifest(
    input:
      { path: string; format?: ManifestFormat } | { text: string; source: string; format?: ManifestFormat },
    actor: string,
  ): ImportReport;
  listRegistry(options: ListOptions): { entries: RegistryEntry[]; total: number };
  /** Freezes in the registry at once, and on the unit now when it is on a port (else when it next connects). */
  freeze(
    serial: string,
    reason: string,
    by: Operator,
  ): Promise<{ entry: RegistryEntry; freeze: FreezeRecord; unitFrozen: boolean }>;
  /**
   * A second person lifts the freeze in the registry; the unit is unfrozen now with a registry
   * token when it is on a port (else when it next connects).
   */
  unfreeze(
    serial: string,
    reason: string,
    by: Operator,
  ): Promise<{ entry: RegistryEntry; freeze: FreezeRecord; unitUnfrozen: boolean }>;
}

/** A freeze made or lifted in this station's registry. */
export interface RegistryFreezeChange {
  readonly kind: 'freeze' | 'unfreeze';
  readonly serial: string;
  readonly reason: string;
  readonly operator: string;
}

/** Brings a freeze change onto the unit when it is on a port: what it did, null if nothing was needed, false if it could not. */
export type FreezeOnUnit = (
  serial: string,
  unitFrozen: boolean,
  actor: string,
) => Promise<'froze' | 'unfroze' | null | false>;

/**
 * The registry's calls over the store alone, for the station (which also freezes a connected unit
 * through `freezeOnUnit`) and for the CLI (which holds no unit: the registry freeze is the change).
 */
export function createRegistryCalls(
  registry: DeviceRegistry,
  freezes: Freezes,
  freezeOnUnit: FreezeOnUnit = () => Promise.resolve(false),
  /** Told of each freeze or lift once it is in the registry, before the unit is (the station's hub link). */
  changed: (change: RegistryFreezeChange) => void = () => undefined,
): RegistryCalls {
  return {
    importManifest(input, actor) {
      let text: string;
      let source: string;
      if ('path' in input) {
        try {
          text = readFileSync(input.path, 'utf8');
        } catch (error) {
          throw new DomainError(
            'bad_value',
            `Cannot read ${input.path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
            'path',
            'devices.manifest_unreadable',
          );
        }
        source = basename(input.path);
      } else {
        text = input.text;
        source = input.source;
      }
      return registry.importManifest({
        text,
        source,
        actor,
        format: input.format ?? detectManifestFormat(source, text),
      });
    },

    listRegistry: (list) => ({ entries: registry.list(list), total: registry.count() }),

    async freeze(serial, reason, by) {
      const record = freezes.freeze(serial, reason, by);
      changed({ kind: 'freeze', serial, reason, operator: by.username });
      const done = await freezeOnUnit(serial, false, by.username);
      const unitFrozen = done === 'froze' || (done === null && freezes.latest(serial)?.unitFrozenAt != null);
      return { entry: registry.lookup(serial)!, freeze: freezes.latest(serial) ?? record, unitFrozen };
    },

    async unfreeze(serial, reason, by) {
      const record = freezes.unfreeze(serial, reason, by);
      changed({ kind: 'unfreeze', serial, reason, operator: by.username });
      const done = await freezeOnUnit(serial, true, by.username);
      return {
        entry: registry.lookup(serial)!,
        freeze: freezes.latest(serial) ?? record,
        unitUnfrozen: done === 'unfroze',
      };
    },
  };
}
