import type { DeviceRegistry } from '../../../electron/services/devices/registry/device-registry';

/**
 * Imports a manifest of production PS-M1 units of batch B1, one per serial, each with a key
 * fingerprint of its own: the registry a test needs to freeze, revoke or look units up.
 */
export function importProductionUnits(registry: DeviceRegistry, serials: readonly string[]) {
  const manifest = serials.map((serial, i) => ({
    serial,
    key_fingerprint: String(i).repeat(64),
    model: 'PS-M1',
    batch: 'B1',
    mode: 'production',
  }));
  return registry.importManifest({ text: JSON.stringify(manifest), format: 'json', source: 'm', actor: 't' });
}
