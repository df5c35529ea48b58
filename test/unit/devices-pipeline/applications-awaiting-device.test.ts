import { openDatabase, type Db } from '../../../electron/store/database';
import { applicationsAwaitingDevice } from '../../../electron/services/devices/pipeline/binding';

function addApplication(db: Db, id: string, state: string, updatedAt: string): void {
  db.prepare(
    `INSERT INTO kyc_applications (id, state, channel, submission, first_submitted_at, submitted_at, due_at, risk,
       name_masked, id_masked, card_masked, phone_masked, address_masked, content_sha256, sealed_application,
       version, updated_at)
     VALUES (?, ?, 'app', 1, ?, ?, ?, 'low', '张*', '110***********1234', ?, '138****0000', '北京市***',
       'hash', x'00', 1, ?)`,
  ).run(id, state, updatedAt, updatedAt, updatedAt, `622202******${id.slice(-4)}`, updatedAt);
}

function ship(db: Db, applicationId: string): void {
  const runId = `run${applicationId}`;
  db.prepare(
    `INSERT INTO provisioning_runs (id, serial, port, operator, station_id, application_id, status, started_at,
       finished_at)
     VALUES (?, 'PS1', '/dev/ttyACM0', 'wh', 'st', ?, 'succeeded', '2026-11-25T10:00:00+08:00',
       '2026-11-25T10:05:00+08:00')`,
  ).run(runId, applicationId);
  db.prepare(
    `INSERT INTO shipments (id, run_id, serial, application_id, image_sha256, operator, shipped_at)
     VALUES (?, ?, 'PS1', ?, 'sha', 'wh', '2026-11-25T10:05:00+08:00')`,
  ).run(`ship${applicationId}`, runId, applicationId);
}

describe('applications awaiting a device', () => {
  it('lists approved applications without a shipment, newest decision first', () => {
    const db = openDatabase({ file: ':memory:' });
    addApplication(db, 'KYC-A-0001', 'approved', '2026-11-20T10:00:00+08:00');
    addApplication(db, 'KYC-A-0002', 'approved', '2026-11-22T10:00:00+08:00');
    addApplication(db, 'KYC-A-0003', 'approved', '2026-11-21T10:00:00+08:00');
    addApplication(db, 'KYC-A-0004', 'rejected', '2026-11-23T10:00:00+08:00');
    addApplication(db, 'KYC-A-0005', 'submitted', '2026-11-24T10:00:00+08:00');
    ship(db, 'KYC-A-0003');
    expect(applicationsAwaitingDevice(db, 10)).toEqual([
      { id: 'KYC-A-0002', settlementCardMasked: '622202******0002', nameMasked: '张*' },
      { id: 'KYC-A-0001', settlementCardMasked: '622202******0001', nameMasked: '张*' },
    ]);
    expect(applicationsAwaitingDevice(db, 1)).toHaveLength(1);
    // A scanned order barcode (any case) narrows to its application; LIKE wildcards are taken literally.
    expect(applicationsAwaitingDevice(db, 10, 'kyc-a-0001').map((a) => a.id)).toEqual(['KYC-A-0001']);
    expect(applicationsAwaitingDevice(db, 10, '%')).toEqual([]);
    expect(applicationsAwaitingDevice(db, 10, 'KYC-A-0003')).toEqual([]);
  });
});
