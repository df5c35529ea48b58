import { randomUUID } from 'node:crypto';
import type { Db } from '../../store/database';

/** This station's identity (signed into every attestation): made once, kept in the store. */
export function stationIdOf(db: Db): string {
  const existing = db.prepare("SELECT value FROM station_settings WHERE key = 'station.id'").pluck().get();
  if (typeof existing === 'string') return existing;
  const id = randomUUID();
  db.prepare("INSERT INTO station_settings (key, value) VALUES ('station.id', ?)").run(id);
  return id;
}
