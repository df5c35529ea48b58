import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { DomainError } from '../../../contract/domain/errors';
import type { DeviceRegistry, ImportReport, ListOptions } from './device-registry';
import { detectManifestFormat, type ManifestFormat } from './manifest-rows';
import type { RegistryEntry } from './registry-entry';

/** What the registry's contract calls (devices.importManifest, .registry, .freeze) need of the station. */
export interface RegistryCalls {
  importManifest(
    input:
      { path: string; format?: ManifestFormat } | { text: string; source: string; format?: ManifestFormat },
    actor: string,
  ): ImportReport;
  listRegistry(options: ListOptions): { entries: RegistryEntry[]; total: number };
  freeze(
    serial: string,
    reason: string,
    actor: string,
  ): Promise<{ entry: RegistryEntry; unitFrozen: boolean }>;
}

/**
 * The registry's calls over the store alone, for the station (which also freezes a connected unit
 * through `freezeOnUnit`) and for the CLI (which holds no unit: the registry freeze is the change).
 */
export function createRegistryCalls(
  registry: DeviceRegistry,
  freezeOnUnit: (serial: string, reason: string) => Promise<boolean> = () => Promise.resolve(false),
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

    async freeze(serial, reason, actor) {
      const entry = registry.freeze(serial, { actor, reason });
      return { entry, unitFrozen: await freezeOnUnit(serial, reason) };
    },
  };
}
