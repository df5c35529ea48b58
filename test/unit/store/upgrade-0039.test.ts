import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../../electron/store/database';
import { migrations } from '../../../electron/store/migrations';

/**
 * Migration 0039 rebuilds the station outbox of freezes (0038) as the outbox of everything the
 * station tells the hub of its own work: a station's database with rows waiting — handed over and
 * not — upgrades with every row kept, in order, the serial index there, and new rows numbered
 * after the old ones; the new kinds are taken and an unknown one still refused.
 */
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'upgrade-0039-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('keeps every waiting row of the freeze outbox and takes the new kinds after them', () => {
  const file = join(dir, 'station.db');
  const old = openDatabase({ file, migrations: migrations.filter((m) => m.version < 39) });
  const add = old.prepare(
    `INSERT INTO device_hub_outbox (id, kind, serial, operator, payload, created_at, handed_over_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  add.run('m1', 'device.freeze', 'PS1', 'desk', '{"serial":"PS1","reason":"lost"}', 't1', 't2');
  add.run('m2', 'device.unfreeze', 'PS1', 'lead', '{"serial":"PS1"}', 't3', null);
  add.run('m3', 'device.freeze', 'PS2', 'desk', '{"serial":"PS2","reason":"stolen"}', 't4', null);
  old.prepare('DELETE FROM device_hub_outbox WHERE id = ?').run('m1'); // answered: seq 1 is used up
  const before = old.prepare('SELECT * FROM device_hub_outbox ORDER BY seq').all();
  old.close();

  const db = openDatabase({ file });
  try {
    expect(db.prepare('SELECT * FROM station_outbox ORDER BY seq').all()).toEqual(before);
    expect(
      db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'device_hub_outbox'").pluck().get(),
    ).toBe(0);
    expect(
      db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'station_outbox_serial'").pluck().get(),
    ).toBe(1);
    const more = db.prepare(
      `INSERT INTO station_outbox (id, kind, serial, operator, payload, created_at) VALUES (?, ?, 'PS3', 'x', '{}', 't')`,
    );
    const kinds = [
      'device.evidence',
      'device.shipment',
      'device.revoke',
      'support.case',
      'device.restock',
      'device.scrap',
    ];
    kinds.forEach((kind, i) => more.run(`n${i}`, kind));
    expect(db.prepare('SELECT seq FROM station_outbox ORDER BY seq').pluck().all()).toEqual([
      2, 3, 4, 5, 6, 7, 8, 9,
    ]);
    expect(() => more.run('n9', 'claim.take')).toThrow(/CHECK constraint/);
  } finally {
    db.close();
  }
});
