import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contractErrorOf, type ContractError } from '../../../electron/contract/errors';
import { DomainError } from '../../../electron/contract/domain/errors';
import { DeviceRegistry } from '../../../electron/services/devices/registry/device-registry';
import { registryAuditRecorder } from '../../../electron/services/devices/registry/registry-audit';
import { SUPPORT_WAIVER_LIMIT_FEN } from '../../../electron/contract/domain/support/case-states';
import { unitLife } from '../../../electron/services/support/unit-life';
import { admin, admin2, support1, support2, supportFixture } from './fixture';

const intakeInput = {
  scanned: 'PSM1A0000001',
  merchantId: 'M-1',
  merchantPhone: '138 1234 5678',
  courierNumber: 'SF1234567890',
  symptom: 'card_reader' as const,
  accessories: ['charger' as const],
};

function refusal(run: () => unknown): ContractError {
  try {
    run();
  } catch (error) {
    // Asserted as the contract error the caller receives, through the one translation.
    if (error instanceof DomainError) return contractErrorOf(error);
    throw error;
  }
  throw new Error('expected a refusal');
}

const auditActions = (f: ReturnType<typeof supportFixture>) => f.audit.read().map((r) => r.action);

describe('after-sales case: intake', () => {
  it('takes the serial from a scanned box QR code, starts received, due the next working day, audited', () => {
    const f = supportFixture('2026-11-25T10:00:00+08:00');
    const c = f.service.cases.intake(
      { ...intakeInput, scanned: 'https://verify.example.cn/d?sn=psm1a0000001' },
      support1,
    );
    expect(c).toMatchObject({
      serial: 'PSM1A0000001',
      state: 'received',
      dueAt: '2026-11-26T23:59:59.999+08:00',
    });
    expect(c.id).toBe('SC-20261125-001');
    expect(auditActions(f)).toEqual(['support.case.received']);
    expect(f.service.cases.intake({ ...intakeInput, scanned: 'PSM1A0000002' }, support1).id).toBe(
      'SC-20261125-002',
    );
  });

  it('due dates count Chinese working days: a unit received on the eve of National Day is due after it', () => {
    const f = supportFixture('2026-09-30T16:00:00+08:00');
    expect(f.service.cases.intake(intakeInput, support1).dueAt).toBe('2026-10-08T23:59:59.999+08:00');
  });

  it('keeps the phone masked and hashed only, and finds the case by it', () => {
    const f = supportFixture();
    const c = f.service.cases.intake(intakeInput, support1);
    expect(c.phoneMasked).toBe('138****5678');
    const row = JSON.stringify(f.db.prepare('SELECT * FROM support_cases').all());
    expect(row).not.toContain('13812345678');
    expect(row).not.toContain('1234 5678');
    for (const query of ['13812345678', '138-1234-5678', 'SF1234567890', 'PSM1A0000001', c.id, 'M-1'])
      expect(f.service.cases.search({ query, scope: 'open', limit: 10 }).map((x) => x.id)).toEqual([c.id]);
    expect(f.service.cases.search({ query: '13812345679', scope: 'all', limit: 10 })).toEqual([]);
  });

  it('refuses a second open case for the same unit, an unreadable serial and a bad phone', () => {
    const f = supportFixture();
    f.service.cases.intake(intakeInput, support1);
    expect(refusal(() => f.service.cases.intake(intakeInput, support2))).toMatchObject({
      code: 'conflict',
      reason: 'support.case.open_exists',
    });
    expect(refusal(() => f.service.cases.intake({ ...intakeInput, scanned: '??' }, support1))).toMatchObject({
      field: 'scanned',
      reason: 'support.serial.unreadable',
    });
    expect(
      refusal(() =>
        f.service.cases.intake({ ...intakeInput, scanned: 'PSM1A0000009', merchantPhone: '12345' }, support1),
      ),
    ).toMatchObject({ field: 'merchantPhone', reason: 'support.phone.invalid' });
  });
});

describe('after-sales case: states', () => {
  it('refuses an illegal move in words and changes nothing', () => {
    const f = supportFixture();
    const c = f.service.cases.intake(intakeInput, support1);
    const error = refusal(() => f.service.cases.move(c.id, 'returned', undefined, support1));
    expect(error).toMatchObject({ code: 'conflict', reason: 'support.transition.refused' });
    expect(error.message).toContain(
      'received cannot go to returned to the merchant; allowed next: diagnosing',
    );
    expect(f.service.cases.get(c.id).state).toBe('received');
    expect(auditActions(f)).toEqual(['support.case.received']);
  });

  it('enters repairing only through a decision, never a plain move', () => {
    const f = supportFixture();
    const c = f.service.cases.intake(intakeInput, support1);
    f.service.cases.move(c.id, 'diagnosing', undefined, support1);
    f.service.cases.move(c.id, 'awaiting_decision', undefined, support1);
    expect(refusal(() => f.service.cases.move(c.id, 'repairing', undefined, support1)).reason).toBe(
      'support.transition.refused',
    );
  });

  it('a decision before diagnosis is refused', () => {
    const f = supportFixture();
    const c = f.service.cases.intake(intakeInput, support1);
    expect(refusal(() => f.service.cases.decide(c.id, 'repair', 'wear', undefined, support1)).reason).toBe(
      'support.decision.refused',
    );
  });

  it('user damage: repaired for the 100 yuan repair fee, then back to the merchant; every step audited', () => {
    const f = supportFixture('2026-11-25T10:00:00+08:00');
    const c = f.service.cases.intake(intakeInput, support1);
    f.service.cases.move(c.id, 'diagnosing', undefined, support1);
    f.setNow('2026-11-26T10:00:00+08:00');
    const waiting = f.service.cases.move(c.id, 'awaiting_decision', 'water inside', support1);
    // Five working days from Thursday 26 November: Thursday 3 December.
    expect(waiting.dueAt).toBe('2026-12-03T23:59:59.999+08:00');
    const repairing = f.service.cases.decide(c.id, 'repair', 'user_damage', undefined, support1);
    expect(repairing).toMatchObject({ state: 'repairing', chargeFen: 10_000, chargeRule: 'repair_fee' });
    const done = f.service.cases.move(c.id, 'returned', undefined, support1);
    expect(done.state).toBe('returned');
    expect(done.closedAt).not.toBeNull();
    expect(auditActions(f)).toEqual([
      'support.case.received',
      'support.case.moved',
      'support.case.moved',
      'support.case.decided',
      'support.case.moved',
    ]);
    expect(f.audit.verify().ok).toBe(true);
  });

  it('not the user’s doing: free repair or free replacement; replacing user damage is refused', () => {
    const f = supportFixture();
    f.register('PSM1N0000001');
    f.register('PSM1F0000001', 'frozen');
    const c = f.service.cases.intake(intakeInput, support1);
    f.service.cases.move(c.id, 'diagnosing', undefined, support1);
    f.service.cases.move(c.id, 'awaiting_decision', undefined, support1);
    expect(
      refusal(() => f.service.cases.decide(c.id, 'replace', 'user_damage', undefined, support1)).reason,
    ).toBe('support.decision.replace_user_damage');
    expect(f.service.cases.decide(c.id, 'repair', 'manufacturing', undefined, support1)).toMatchObject({
      chargeFen: 0,
      chargeRule: 'free_repair',
    });
    // The repair turns out impossible: a free replacement instead.
    const replacing = f.service.cases.decide(c.id, 'replace', 'manufacturing', undefined, support1);
    expect(replacing).toMatchObject({ state: 'replacing', chargeFen: 0, chargeRule: 'free_replacement' });
    expect(refusal(() => f.service.cases.move(c.id, 'returned', undefined, support1)).reason).toBe(
      'support.replacement.missing',
    );
    expect(
      refusal(() => f.service.cases.move(c.id, 'returned', undefined, support1, 'PSM1F0000001')).reason,
    ).toBe('support.replacement.not_genuine');
    expect(
      refusal(() => f.service.cases.move(c.id, 'returned', undefined, support1, 'PSM1X0000404')).reason,
    ).toBe('support.replacement.not_genuine');
    const done = f.service.cases.move(c.id, 'returned', undefined, support1, 'psm1n0000001');
    expect(done).toMatchObject({ state: 'returned', replacementSerial: 'PSM1N0000001' });
    expect(
      f.service.cases.search({ query: 'PSM1N0000001', scope: 'closed', limit: 5 }).map((x) => x.id),
    ).toEqual([c.id]);
  });
});

describe('after-sales case: waivers', () => {
  function repairing(f: ReturnType<typeof supportFixture>) {
    const c = f.service.cases.intake(intakeInput, support1);
    f.service.cases.move(c.id, 'diagnosing', undefined, support1);
    f.service.cases.move(c.id, 'awaiting_decision', undefined, support1);
    return f.service.cases.decide(c.id, 'repair', 'user_damage', undefined, support1);
  }

  it('needs a reason and stays within the charge', () => {
    const f = supportFixture();
    const c = repairing(f);
    expect(refusal(() => f.service.cases.requestWaiver(c.id, 1000, '  ', support1)).reason).toBe(
      'support.waiver.reason_required',
    );
    expect(refusal(() => f.service.cases.requestWaiver(c.id, 10_001, '老客户优惠', support1)).reason).toBe(
      'support.waiver.amount',
    );
  });

  it('up to the support limit one person grants it; above, a different administrator must approve', () => {
    const f = supportFixture();
    const c = repairing(f);
    expect(
      f.service.cases.requestWaiver(c.id, SUPPORT_WAIVER_LIMIT_FEN, '首次维修，减半收取', support1),
    ).toMatchObject({
      waiverState: 'approved',
      waiverFen: SUPPORT_WAIVER_LIMIT_FEN,
    });
    const pending = f.service.cases.requestWaiver(
      c.id,
      SUPPORT_WAIVER_LIMIT_FEN + 1,
      '外壳老化，商户无责任',
      support1,
    );
    expect(pending.waiverState).toBe('pending');
    expect(refusal(() => f.service.cases.move(c.id, 'returned', undefined, support1)).reason).toBe(
      'support.waiver.pending',
    );
    expect(refusal(() => f.service.cases.approveWaiver(c.id, support2))).toMatchObject({
      code: 'forbidden',
      reason: 'support.waiver.role',
    });
    const approved = f.service.cases.approveWaiver(c.id, admin);
    expect(approved).toMatchObject({ waiverState: 'approved', waiverApprovedBy: admin.id });
    expect(f.service.cases.move(c.id, 'returned', undefined, support1).state).toBe('returned');
  });

  it('the administrator who asked cannot approve their own waiver', () => {
    const f = supportFixture();
    const c = repairing(f);
    f.service.cases.requestWaiver(c.id, 10_000, '设备批次问题，全免', admin);
    expect(refusal(() => f.service.cases.approveWaiver(c.id, admin)).reason).toBe(
      'support.waiver.second_person',
    );
    expect(f.service.cases.approveWaiver(c.id, admin2).waiverState).toBe('approved');
  });
});

describe("the unit's whole life", () => {
  it('registry entry, freezes and earlier cases, oldest first', () => {
    const f = supportFixture();
    f.register('PSM1A0000001');
    const registry = new DeviceRegistry(f.db, {
      now: () => Date.now(),
      record: registryAuditRecorder(f.audit),
    });
    registry.freeze('PSM1A0000001', { actor: 'support1', reason: '商户报失' });
    registry.unfreeze('PSM1A0000001', { actor: 'admin', reason: '商户找回' });
    const first = f.service.cases.intake(intakeInput, support1);
    f.service.cases.move(first.id, 'diagnosing', undefined, support1);
    f.service.cases.move(first.id, 'awaiting_decision', undefined, support1);
    f.service.cases.decide(first.id, 'refurbish', 'none', undefined, support1);
    f.service.cases.finishWork(first.id, 'restocked', undefined, support1);
    const second = f.service.cases.intake({ ...intakeInput, symptom: 'lost_then_found' }, support1);
    const life = unitLife(
      { db: f.db, registry, evidence: f.service.evidence },
      'PSM1A0000001',
      f.service.cases.casesOfSerial('PSM1A0000001'),
    );
    expect(life.registry).toMatchObject({ batch: 'B2026-01', status: 'genuine' });
    expect(life.statusChanges.map((s) => [s.action, s.reason])).toEqual([
      ['device.frozen', '商户报失'],
      ['device.unfrozen', '商户找回'],
    ]);
    expect(life.cases.map((c) => [c.id, c.state])).toEqual([
      [first.id, 'restocked'],
      [second.id, 'received'],
    ]);
  });
});

describe('intake photos', () => {
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');

  it('are sealed at rest and read back whole', () => {
    const f = supportFixture();
    const c = f.service.cases.intake(intakeInput, support1);
    const photo = f.service.photos.add(c.id, 'image/png', png, 'support1');
    expect(f.service.photos.read(c.id, photo.id).bytes.equals(png)).toBe(true);
    const dir = join(f.dataDir, 'support', 'photos');
    const [file] = readdirSync(dir);
    expect(readFileSync(join(dir, file!)).includes(png.subarray(0, 8))).toBe(false);
  });

  it('refuse bytes that are not the declared image, and leave no file for a case that does not exist', () => {
    const f = supportFixture();
    const c = f.service.cases.intake(intakeInput, support1);
    expect(refusal(() => f.service.photos.add(c.id, 'image/jpeg', png, 'support1')).reason).toBe(
      'support.photo.type',
    );
    expect(refusal(() => f.service.photos.add('SC-NOPE', 'image/png', png, 'support1')).reason).toBe(
      'support.case.not_found',
    );
    expect(readdirSync(join(f.dataDir, 'support', 'photos'))).toEqual([]);
  });
});
