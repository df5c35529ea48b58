import type { HandlersFor } from '../../contract/handler';
import type { stationSettingsCalls, LineSettings } from '../../contract/station-settings';
import type { Db } from '../../store/database';
import type { AuditLog } from '../audit/audit-log';
import { storeLineSettings, storedLineSettings } from './line-settings';

/** The station's own settings an admin changes from Settings (today: provisioning's line speeds). */
export function createStationSettingsHandlers(
  db: Db,
  audit: AuditLog,
  inUse: LineSettings,
): HandlersFor<typeof stationSettingsCalls> {
  return {
    'station.lineSettings': () => ({ stored: storedLineSettings(db), inUse }),
    'station.setLineSettings': (input, ctx) => {
      db.transaction(() => {
        const before = storedLineSettings(db);
        storeLineSettings(db, input);
        audit.append({
          actor: ctx.operator?.username ?? 'unknown',
          action: 'station.line_settings.changed',
          subject: 'station:line',
          details: { from: { ...before }, to: { ...input } },
        });
      })();
      return { stored: storedLineSettings(db), inUse };
    },
  };
}
