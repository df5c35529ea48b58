/**
 * The support desk's list of every freeze (docs/support.md §3) on a real store and sync queue:
 * open and lifted ones with who and when, the unit's own flag as last seen, the hub's word where
 * the station is enrolled, filters by state and by a serial's beginning (or the box's QR code), and
 * a page at a time that says how many there are in all.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Operator } from '../../../electron/contract/context';
import { createAuditLog } from '../../../electron/services/audit/audit-log';
import { parseShanghaiTime } from '../../../electron/services/calendar/shanghai-time';
import { DeviceRegistry } from '../../../electron/services/devices/registry/device-registry';
import { importProductionUnits } from '../devices/production-units';
import {
  createFreezes,
  FREEZE_LIST_CAP,
  type Freezes,
} from '../../../electron/services/devices/registry/freezes';
import { listFreezes } from '../../../electron/services/support/freeze-list';
import { hubDeviceStanding } from '../../../electron/services/sync/hub-device-standing';
import { SyncQueue } from '../../../electron/services/sync/queue';
import { openDatabase } from '../../../electron/store/database';

const desk: Operator = { id: 'op-d', username: 'desk', displayName: '刘售后', role: 'support' };
const lead: Operator = { id: 'op-l', username: 'lead', displayName: '王主管', role: 'support_lead' };
const SERIALS = ['PS1000000001', 'PS1000000002', 'PS1000000003', 'PS2000000001'];

let dir: string;
let queue: SyncQueue;
let freezes: Freezes;
let now: number;
const at = (iso: string) => (now = parseShanghaiTime(iso));

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'freeze-list-'));
  queue = new SyncQueue(join(dir, 'sync.sqlite'));
  const db = openDatabase({ file: ':memory:' });
  at('2026-11-20T09:00:00+08:00');
  const clock = { now: () => now };
  const audit = createAuditLog(db, clock);
  const registry = new DeviceRegistry(db, { now: clock.now });
  importProductionUnits(registry, SERIALS);
  freezes = createFreezes({ db, audit, clock, registry, signingKey: () => null });
});
afterEach(() => {
  queue.close();
  rmSync(dir, { recursive: true, force: true });
});

const nameOf = (_id: string | null, username: string) => (username === 'desk' ? '刘售后' : username);
const standalone = () => ({ freezes, enrolled: () => false, hubStanding: () => null, nameOf });
const enrolled = () => ({
  freezes,
  nameOf,
  enrolled: () => true,
  hubStanding: (serial: string) => hubDeviceStanding(queue, serial),
});
const hubSays = (serial: string, status: 'active' | 'frozen' | 'revoked') =>
  queue.applyPage(
    [{ entity: 'device', key: serial, data: { serial, status, reason: null, changedBy: 'sun' } }],
    `c${serial}${status}`,
  );

describe('the freeze list', () => {
  it('lists open and lifted freezes newest first, with who and when in Shanghai time and the unit’s own flag', () => {
    freezes.freeze('PS1000000001', 'lost on the bus', desk);
    at('2026-11-20T10:30:00+08:00');
    freezes.unitFroze('PS1000000001');
    at('2026-11-21T08:00:00+08:00');
    freezes.freeze('PS1000000002', 'stolen from the stall', desk);
    at('2026-11-22T15:00:00+08:00');
    freezes.unfreeze('PS1000000001', 'merchant found it, ID checked', lead);
    freezes.freeze('PS1000000003', 'courier lost the parcel', desk);
    freezes.unfreeze('PS1000000003', 'parcel turned up', lead);

    const all = listFreezes(standalone(), { status: 'all' });
    expect(all.enrolled).toBe(false);
    expect(all.freezes.map((f) => [f.serial, f.active, f.unit, f.hub])).toEqual([
      ['PS1000000003', false, 'never_frozen', null],
      ['PS1000000002', true, 'awaiting_freeze', null],
      ['PS1000000001', false, 'awaiting_unfreeze', null],
    ]);
    expect(all.freezes[2]).toMatchObject({
      reason: 'lost on the bus',
      frozenBy: '刘售后',
      frozenAt: '2026-11-20T09:00:00.000+08:00',
      unfrozenBy: 'lead',
      unfrozenAt: '2026-11-22T15:00:00.000+08:00',
      unfreezeReason: 'merchant found it, ID checked',
      unitAt: '2026-11-20T10:30:00.000+08:00',
      frozenAtHub: false,
      unfrozenAtHub: false,
    });
    at('2026-11-23T11:00:00+08:00');
    freezes.unitUnfroze('PS1000000001');
    expect(listFreezes(standalone(), { status: 'all' }).freezes[2]).toMatchObject({
      unit: 'unfrozen',
      unitAt: '2026-11-23T11:00:00.000+08:00',
    });

    expect(listFreezes(standalone(), { status: 'active' }).freezes.map((f) => f.serial)).toEqual([
      'PS1000000002',
    ]);
    expect(listFreezes(standalone(), { status: 'lifted' }).freezes.map((f) => f.serial)).toEqual([
      'PS1000000003',
      'PS1000000001',
    ]);
  });

  it('finds by a serial’s beginning, a scanned box code or a lower-case serial; LIKE wildcards are literal', () => {
    for (const s of SERIALS) freezes.freeze(s, 'lost in transit', desk);
    const serials = (serial: string) =>
      listFreezes(standalone(), { status: 'all', serial }).freezes.map((f) => f.serial);
    expect(serials('PS1')).toEqual(['PS1000000003', 'PS1000000002', 'PS1000000001']);
    expect(serials('https://pos.example/t?sn=ps2000000001')).toEqual(['PS2000000001']);
    expect(serials('ps1000000002')).toEqual(['PS1000000002']);
    expect(serials('PS_')).toEqual([]);
    expect(serials('%')).toEqual([]);
  });

  it('says whether the hub has each freeze: sending until answered, then agrees or differs', () => {
    freezes.freeze('PS1000000001', 'lost on the bus', desk);
    queue.enqueue({
      kind: 'device.freeze',
      operator: 'desk',
      payload: { serial: 'PS1000000001', reason: 'x' },
    });
    expect(listFreezes(enrolled(), { status: 'all' }).freezes[0]).toMatchObject({ hub: 'sending' });

    const [sent] = queue.pending(1);
    queue.recordAnswers([{ id: sent!.id, status: 'accepted', result: null }]);
    expect(listFreezes(enrolled(), { status: 'all' }).freezes[0]).toMatchObject({ hub: 'unknown' });
    hubSays('PS1000000001', 'frozen');
    expect(listFreezes(enrolled(), { status: 'all' })).toMatchObject({
      enrolled: true,
      freezes: [{ hub: 'agrees', hubStatus: 'frozen' }],
    });

    // Lifted here; the hub still shows it frozen: the list must not claim the hub has the lift.
    freezes.unfreeze('PS1000000001', 'found by the merchant', lead);
    expect(listFreezes(enrolled(), { status: 'all' }).freezes[0]).toMatchObject({
      hub: 'differs',
      hubStatus: 'frozen',
    });
    hubSays('PS1000000001', 'active');
    expect(listFreezes(enrolled(), { status: 'all' }).freezes[0]).toMatchObject({ hub: 'agrees' });
  });

  it('names a freeze made at another station and pulled from the hub', () => {
    freezes.fromHub('PS1000000002', { status: 'frozen', reason: 'stolen', by: 'sun' });
    expect(listFreezes(enrolled(), { status: 'active' }).freezes[0]).toMatchObject({
      serial: 'PS1000000002',
      frozenBy: 'sun',
      frozenAtHub: true,
      reason: 'stolen',
    });
  });
});

describe('the freeze list past its cap', () => {
  // More freezes than one page holds: 3 over the cap, every third one lifted.
  const COUNT = FREEZE_LIST_CAP + 3;
  const serialOf = (i: number) => `PS9${String(i).padStart(9, '0')}`;
  let many: Freezes;
  beforeEach(() => {
    const db = openDatabase({ file: ':memory:' });
    const clock = { now: () => parseShanghaiTime('2026-11-20T09:00:00+08:00') };
    const registry = new DeviceRegistry(db, { now: clock.now });
    const manifest = Array.from({ length: COUNT }, (_, i) => ({
      serial: serialOf(i),
      key_fingerprint: i.toString(16).padStart(64, '0'),
      model: 'PS-M1',
      batch: 'B1',
      mode: 'production',
    }));
    registry.importManifest({ text: JSON.stringify(manifest), format: 'json', source: 'm', actor: 't' });
    many = createFreezes({ db, audit: createAuditLog(db, clock), clock, registry, signingKey: () => null });
    for (let i = 0; i < COUNT; i++) {
      many.freeze(serialOf(i), 'lost in a sorting office', desk);
      if (i % 3 === 0) many.unfreeze(serialOf(i), 'found in the depot', lead);
    }
  });
  const deps = () => ({ freezes: many, enrolled: () => false, hubStanding: () => null, nameOf });
  const lifted = Math.ceil(COUNT / 3);

  it('returns one capped page and says how many match in all, in force and lifted', () => {
    const first = listFreezes(deps(), { status: 'all' });
    expect(first.freezes).toHaveLength(FREEZE_LIST_CAP);
    expect(first).toMatchObject({
      offset: 0,
      cap: FREEZE_LIST_CAP,
      total: COUNT,
      active: COUNT - lifted,
      lifted,
    });
    expect(first.freezes[0]!.serial).toBe(serialOf(COUNT - 1));
  });

  it('pages on from an offset to the oldest, never repeating or losing a freeze', () => {
    const first = listFreezes(deps(), { status: 'all' });
    const rest = listFreezes(deps(), { status: 'all', offset: FREEZE_LIST_CAP });
    expect(rest.freezes.map((f) => f.serial)).toEqual([serialOf(2), serialOf(1), serialOf(0)]);
    expect(rest).toMatchObject({ offset: FREEZE_LIST_CAP, total: COUNT });
    const seen = new Set([...first.freezes, ...rest.freezes].map((f) => f.id));
    expect(seen.size).toBe(COUNT);
  });

  it('counts within the filter: only the lifted ones, only one serial', () => {
    expect(listFreezes(deps(), { status: 'lifted' })).toMatchObject({ total: lifted, active: 0, lifted });
    expect(listFreezes(deps(), { status: 'active', serial: serialOf(1) })).toMatchObject({
      total: 1,
      active: 1,
      lifted: 0,
    });
  });

  it('past the end: an empty page that still says how many there are', () => {
    expect(listFreezes(deps(), { status: 'all', offset: COUNT })).toMatchObject({
      freezes: [],
      total: COUNT,
    });
  });
});
