import type { Db } from '../../store/database';
import { lineSettingsSchema, type LineSettings } from '../../contract/station-settings';

const KEY = 'provisioning.line';

/** Until an admin stores others: terminals power on at 115200 and HELLO keeps that speed. */
export const DEFAULT_LINE_SETTINGS: LineSettings = { powerOnBaud: 115200, proposeBaud: 0 };

/** The line speeds stored in the station (Settings), or the defaults. */
export function storedLineSettings(db: Db): LineSettings {
  const text = db.prepare('SELECT value FROM station_settings WHERE key = ?').pluck().get(KEY) as
    string | undefined;
  if (text === undefined) return DEFAULT_LINE_SETTINGS;
  const parsed = lineSettingsSchema.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : DEFAULT_LINE_SETTINGS;
}

export function storeLineSettings(db: Db, settings: LineSettings): void {
  const checked = lineSettingsSchema.parse(settings);
  db.prepare(
    'INSERT INTO station_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(KEY, JSON.stringify(checked));
}

/** What provisioning uses at this start: a start flag wins over the stored setting, field by field. */
export function effectiveLineSettings(
  stored: LineSettings,
  flags: Partial<LineSettings> | undefined,
): LineSettings {
  return { ...stored, ...flags };
}
