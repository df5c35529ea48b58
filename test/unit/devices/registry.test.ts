import { createHash } from 'node:crypto';
import {
  DeviceRegistry,
  type RegistryChange,
} from '../../../electron/services/devices/registry/device-registry';
import { openTestStore } from './test-store';

const fp = (s: string) => createHash('sha256').update(s).digest('hex');
const header = 'serial,key_fingerprint,model,batch,mode';
const line = (serial: string, key = serial, batch = 'B1', mode = 'production', model = 'PS-M1') =>
  `${serial},${fp(key)},${model},${batch},${mode}`;
const csv = (...lines: string[]) => [header, ...lines].join('\n') + '\n';

function setup() {
  const db = openTestStore();
  const changes: RegistryChange[] = [];
  const registry = new DeviceRegistry(db, {
    now: () => Date.UTC(2026, 10, 26, 2, 0, 0),
    record: (c) => changes.push(c),
  });
  const importCsv = (text: string) =>
    registry.importManifest({ text, format: 'csv', source: 'm.csv', actor: 'alice' });
  return { db, registry, changes, importCsv };
}

describe('device registry import', () => {
  it('imports a CSV manifest and looks units up by serial and key', () => {
    const { registry, changes, importCsv } = setup();
    const report = importCsv(csv(line('PS0000000001'), line('PS0000000002', 'k2', 'B1', 'test-unit')));
    expect(report).toMatchObject({
      ok: true,
      rows: 2,
      imported: 2,
      unchanged: 0,
      conflicts: [],
      malformed: [],
    });
    expect(registry.lookup('PS0000000002')).toMatchObject({
      keyFingerprint: fp('k2'),
      mode: 'test_unit',
      status: 'genuine',
      source: 'm.csv',
      importedAt: '2026-11-26T10:00:00+08:00',
    });
    expect(registry.lookupByKeyFingerprint(fp('PS0000000001'))?.serial).toBe('PS0000000001');
    expect(changes).toEqual([
      {
        action: 'device.registry.imported',
        actor: 'alice',
        source: 'm.csv',
        imported: 2,
        unchanged: 0,
        batches: ['B1'],
      },
    ]);
  });

  it('imports the JSON form (object with devices, or a bare array)', () => {
    const { registry } = setup();
    const devices = [
      { serial: 'PS0000000001', key_fingerprint: fp('a'), model: 'PS-M1', batch: 'B1', mode: 'production' },
    ];
    const r1 = registry.importManifest({
      text: JSON.stringify({ devices }),
      format: 'json',
      source: 'm.json',
      actor: 'a',
    });
    expect(r1).toMatchObject({ ok: true, imported: 1 });
    const r2 = registry.importManifest({
      text: JSON.stringify([{ ...devices[0], serial: 'PS0000000002', key_fingerprint: fp('b') }]),
      format: 'json',
      source: 'm2.json',
      actor: 'a',
    });
    expect(r2).toMatchObject({ ok: true, imported: 1 });
    expect(registry.count()).toBe(2);
  });

  it('re-importing the same manifest changes nothing and is not a conflict', () => {
    const { registry, changes, importCsv } = setup();
    const text = csv(line('PS0000000001'), line('PS0000000002'));
    importCsv(text);
    expect(importCsv(text)).toMatchObject({ ok: true, imported: 0, unchanged: 2 });
    expect(registry.count()).toBe(2);
    expect(changes).toHaveLength(1);
  });

  it('names malformed rows by line and field and writes nothing', () => {
    const { registry, changes, importCsv } = setup();
    const report = importCsv(
      csv(
        line('PS0000000001'),
        'ps-bad,' + fp('x') + ',PS-M1,B1,production',
        line('PS0000000003').replace(fp('PS0000000003'), 'abc'),
        line('PS0000000004', 'k4', 'B1', 'demo'),
      ),
    );
    expect(report.ok).toBe(false);
    expect(report.imported).toBe(0);
    // Each with a code the screen translates (the English message is for logs).
    expect(report.malformed.map((m) => [m.row, m.field, m.code])).toEqual([
      [3, 'serial', 'invalid'],
      [4, 'key_fingerprint', 'invalid'],
      [5, 'mode', 'invalid'],
    ]);
    const missing = importCsv('serial,key_fingerprint,model,batch,mode\nPS0000000009,,PS-M1,B1,production\n');
    expect(missing.malformed[0]).toMatchObject({ row: 2, field: 'key_fingerprint' });
    expect(importCsv('serial,model\nPS1,PS-M1\n')).toMatchObject({
      ok: false,
      fileErrorCode: 'csv_missing_columns',
    });
    expect(importCsv('')).toMatchObject({ ok: false, fileErrorCode: 'empty' });
    expect(registry.count()).toBe(0);
    expect(changes).toEqual([]);
  });

  it('reports in-file duplicates: repeated row, same serial with other data, shared key', () => {
    const { registry, importCsv } = setup();
    const report = importCsv(
      csv(
        line('PS0000000001'),
        line('PS0000000001'),
        line('PS0000000001', 'other-key'),
        line('PS0000000002', 'PS0000000001'),
        line('PS0000000003'),
      ),
    );
    expect(report.ok).toBe(false);
    expect(report.conflicts.map((c) => [c.row, c.code, c.otherRow])).toEqual([
      [3, 'duplicate_row', 2],
      [4, 'duplicate_serial', 2],
      [5, 'duplicate_key', 2],
    ]);
    expect(registry.count()).toBe(0);
  });

  it('reports conflicts with the registry: clone key, key in use, record differs — and writes none of the batch', () => {
    const { registry, importCsv } = setup();
    importCsv(csv(line('PS0000000001'), line('PS0000000002')));
    const report = importCsv(
      csv(
        line('PS0000000001', 'cloned'),
        line('PS0000000009', 'PS0000000001'),
        line('PS0000000002', 'PS0000000002', 'B2'),
        line('PS0000000010'),
      ),
    );
    expect(report.conflicts.map((c) => [c.row, c.serial, c.code])).toEqual([
      [2, 'PS0000000001', 'key_mismatch'],
      [3, 'PS0000000009', 'key_in_use'],
      [4, 'PS0000000002', 'record_differs'],
    ]);
    expect(report.conflicts[0]!.message).toMatch(/clone/);
    expect(registry.lookup('PS0000000010')).toBeUndefined();
    expect(registry.lookup('PS0000000001')?.keyFingerprint).toBe(fp('PS0000000001'));
  });

  it('reports an unreadable file or a missing column as a file error', () => {
    const { importCsv, registry } = setup();
    expect(importCsv('serial,model\nPS0000000001,PS-M1\n')).toMatchObject({
      ok: false,
      fileError: expect.stringMatching(/key_fingerprint/),
    });
    expect(
      registry.importManifest({ text: '{"devices": 3}', format: 'json', source: 'x', actor: 'a' }).fileError,
    ).toMatch(/devices/);
    expect(registry.importManifest({ text: '{', format: 'json', source: 'x', actor: 'a' }).fileError).toMatch(
      /not valid JSON/,
    );
    expect(importCsv('')).toMatchObject({ ok: false, fileError: expect.stringMatching(/no device rows/) });
  });

  it('the store itself refuses two serials with one key', () => {
    const { db, importCsv } = setup();
    importCsv(csv(line('PS0000000001')));
    expect(() =>
      db
        .prepare(
          `INSERT INTO device_registry (serial, key_fingerprint, model, batch, imported_at, source) VALUES (?,?,?,?,?,?)`,
        )
        .run('PS0000000002', fp('PS0000000001'), 'PS-M1', 'B1', 'now', 'test'),
    ).toThrow(/UNIQUE/);
  });
});

describe('freeze and revoke', () => {
  it('freeze, unfreeze and revoke record a change each; revocation is final', () => {
    const { registry, changes, importCsv } = setup();
    importCsv(csv(line('PS0000000001')));
    changes.length = 0;
    expect(registry.freeze('PS0000000001', { actor: 'bob', reason: 'reported lost' })).toMatchObject({
      status: 'frozen',
      statusReason: 'reported lost',
      statusChangedAt: '2026-11-26T10:00:00+08:00',
    });
    expect(registry.freeze('PS0000000001', { actor: 'bob', reason: 'again' }).status).toBe('frozen');
    expect(registry.unfreeze('PS0000000001', { actor: 'bob', reason: 'found' }).status).toBe('genuine');
    expect(registry.revoke('PS0000000001', { actor: 'carol', reason: 'key extracted' }).status).toBe(
      'revoked',
    );
    expect(changes.map((c) => ('serial' in c ? [c.action, c.from, c.to, c.actor] : []))).toEqual([
      ['device.frozen', 'genuine', 'frozen', 'bob'],
      ['device.unfrozen', 'frozen', 'genuine', 'bob'],
      ['device.revoked', 'genuine', 'revoked', 'carol'],
    ]);
    expect(() => registry.freeze('PS0000000001', { actor: 'bob', reason: 'x' })).toThrow(
      /revocation is final/,
    );
    expect(() => registry.unfreeze('PS0000000001', { actor: 'bob', reason: 'x' })).toThrow(
      /revocation is final/,
    );
  });

  it('refuses unknown serials and empty reasons; unfreezing a unit that is not frozen changes nothing', () => {
    const { registry, importCsv } = setup();
    importCsv(csv(line('PS0000000001')));
    expect(() => registry.freeze('PS0000000099', { actor: 'b', reason: 'lost' })).toThrow(
      expect.objectContaining({ refusal: 'not_found' }),
    );
    expect(() => registry.freeze('PS0000000001', { actor: 'b', reason: '  ' })).toThrow(
      expect.objectContaining({ field: 'reason' }),
    );
    expect(registry.unfreeze('PS0000000001', { actor: 'b', reason: 'x' }).statusChangedAt).toBeNull();
  });

  it('a failing audit hook rolls the status change back', () => {
    const db = openTestStore();
    const registry = new DeviceRegistry(db, {
      record: (c) => {
        if (c.action === 'device.frozen') throw new Error('audit unavailable');
      },
    });
    registry.importManifest({ text: csv(line('PS0000000001')), format: 'csv', source: 's', actor: 'a' });
    expect(() => registry.freeze('PS0000000001', { actor: 'b', reason: 'lost' })).toThrow(
      /audit unavailable/,
    );
    expect(registry.lookup('PS0000000001')?.status).toBe('genuine');
  });

  it('lists by status and batch', () => {
    const { registry, importCsv } = setup();
    importCsv(csv(line('PS0000000001'), line('PS0000000002', 'k2', 'B2'), line('PS0000000003', 'k3', 'B2')));
    registry.freeze('PS0000000003', { actor: 'b', reason: 'lost' });
    expect(registry.list({ batch: 'B2' }).map((e) => e.serial)).toEqual(['PS0000000002', 'PS0000000003']);
    expect(registry.list({ status: 'frozen' }).map((e) => e.serial)).toEqual(['PS0000000003']);
    expect(registry.list({ limit: 1, offset: 1 }).map((e) => e.serial)).toEqual(['PS0000000002']);
  });
});
