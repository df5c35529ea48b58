import type { AuditLog } from '../../audit/audit-log';
import type { RegistryChange } from './device-registry';

/**
 * Turns registry changes into audit records. Pass the result as DeviceRegistry's `record` option: it
 * runs inside the registry's write transaction, so the change and its audit line commit together.
 */
export function registryAuditRecorder(audit: Pick<AuditLog, 'append'>): (change: RegistryChange) => void {
  return (change) => {
    if (change.action === 'device.registry.imported') {
      audit.append({
        actor: change.actor,
        action: change.action,
        subject: `manifest:${change.source}`,
        details: { imported: change.imported, unchanged: change.unchanged, batches: [...change.batches] },
      });
    } else {
      audit.append({
        actor: change.actor,
        action: change.action,
        subject: `device:${change.serial}`,
        details: { from: change.from, to: change.to, reason: change.reason },
      });
    }
  };
}
