import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../../electron/store/database';
import { migrations } from '../../../electron/store/migrations';

/**
 * Migration 0040 gives every case in review the state it was claimed from (what a release gives
 * back): a case in review when the station upgrades gets the waiting state its submission number
 * says — the only rule the station had — and every other case none.
 */
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'upgrade-0040-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('fills in the claimed-from state of the cases in review, and only theirs', () => {
  const file = join(dir, 'station.db');
  const old = openDatabase({ file, migrations: migrations.filter((m) => m.version < 40) });
  const add = old.prepare(
    `INSERT INTO kyc_applications (id, state, channel, submission, first_submitted_at, submitted_at, due_at, risk,
       assignee_id, assignee_name, lease_expires_at, name_masked, id_masked, card_masked, phone_masked,
       address_masked, content_sha256, sealed_application, version, updated_at)
     VALUES (?, ?, 'app', ?, 't', 't', 't', 'low', ?, ?, ?, 'n', 'i', 'c', 'p', 'a', ?, X'00', 1, 't')`,
  );
  const held = ['rita', 'Rita', '2026-11-02T12:00:00.000+08:00'] as const;
  add.run('FIRST', 'in_review', 1, ...held, 'h1');
  add.run('AGAIN', 'in_review', 3, ...held, 'h2');
  add.run('WAITING', 'resubmitted', 2, null, null, null, 'h3');
  add.run('DONE', 'approved', 1, null, null, null, 'h4');
  old.close();

  const db = openDatabase({ file });
  try {
    expect(db.prepare('SELECT id, claimed_from FROM kyc_applications ORDER BY id').all()).toEqual([
      { id: 'AGAIN', claimed_from: 'resubmitted' },
      { id: 'DONE', claimed_from: null },
      { id: 'FIRST', claimed_from: 'submitted' },
      { id: 'WAITING', claimed_from: null },
    ]);
  } finally {
    db.close();
  }
});
