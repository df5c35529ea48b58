import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStation, type SessionSlot, type Station } from '../../../electron/services/station/station';
import { createFileLogger } from '../../../electron/services/station/logger';
import { parseShanghaiTime } from '../../../electron/services/calendar/shanghai-time';
import { filesUnder } from '../station/files-under';

// The support workspace through the whole station: its migration, the one gate, sessions and roles,
// the audit chain, and the merchant's phone never at rest in the clear.
describe('support through the station', () => {
  let station: Station;
  let dataDir: string;
  const slot: SessionSlot = { token: null };
  const PHONE = '13698765432';

  const call = async (name: string, input: unknown) => station.invoke(name, input, slot, 'host');
  const ok = async (name: string, input: unknown) => {
    const envelope = await call(name, input);
    if (!envelope.ok) throw new Error(`${name}: ${envelope.error.message}`);
    return envelope.value as Record<string, unknown>;
  };
  const signInAs = async (username: string) => {
    if (slot.token !== null) await ok('session.signOut', {});
    await ok('session.signIn', { username, password: 'long-enough-pass-9' });
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'support-station-'));
    const now = parseShanghaiTime('2026-11-25T10:00:00+08:00');
    station = await createStation({
      dataDir,
      demo: false,
      shell: 'browser',
      version: 'test',
      log: createFileLogger(dataDir),
      clock: { now: () => now },
    });
    for (const [username, role] of [
      ['desk1', 'support'],
      ['boss1', 'admin'],
      ['store1', 'warehouse'],
    ] as const) {
      await station.accounts.addUser(
        { username, displayName: username, role, password: 'long-enough-pass-9', mustChangePassword: false },
        'test',
      );
    }
  });

  afterAll(async () => {
    await station.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a case from intake to the receipt, a waiver approved by a second person, all audited', async () => {
    await signInAs('store1');
    expect(await call('support.cases', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    await signInAs('desk1');
    const opened = await ok('support.intake', {
      scanned: 'PSM1Z0000001',
      merchantPhone: PHONE,
      courierNumber: 'SF900',
      symptom: 'dropped_or_wet',
      accessories: ['charger'],
    });
    const caseId = opened.id as string;
    expect(opened).toMatchObject({
      state: 'received',
      phoneMasked: '136****5432',
      dueAt: '2026-11-26T23:59:59.999+08:00',
    });
    expect(await call('support.move', { caseId, to: 'repairing' })).toMatchObject({
      ok: false,
      error: { code: 'conflict', reason: 'support.transition.refused' },
    });
    await ok('support.move', { caseId, to: 'diagnosing' });
    await ok('support.move', { caseId, to: 'awaiting_decision' });
    expect(await ok('support.decide', { caseId, decision: 'repair', cause: 'user_damage' })).toMatchObject({
      chargeFen: 10_000,
    });
    expect(
      await ok('support.requestWaiver', { caseId, amount: '80', reason: '首次维修，商户困难' }),
    ).toMatchObject({
      waiverState: 'pending',
    });
    expect(await call('support.approveWaiver', { caseId })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });

    await signInAs('boss1');
    expect(await ok('support.approveWaiver', { caseId })).toMatchObject({
      waiverState: 'approved',
      payableFen: 2_000,
    });
    const found = (await ok('support.cases', { query: PHONE })).items as {
      id: string;
      phoneMasked: string;
    }[];
    expect(found.map((c) => [c.id, c.phoneMasked])).toEqual([[caseId, '136****5432']]);
    const receipt = (await ok('support.receipt', { caseId })).html as string;
    expect(receipt).toContain('20.00 元');

    const actions = station.audit
      .read()
      .filter((r) => r.subject === `support_case:${caseId}`)
      .map((r) => [r.actor, r.action]);
    expect(actions).toEqual([
      ['desk1', 'support.case.received'],
      ['desk1', 'support.case.moved'],
      ['desk1', 'support.case.moved'],
      ['desk1', 'support.case.decided'],
      ['desk1', 'support.waiver.requested'],
      ['boss1', 'support.waiver.approved'],
    ]);
    expect(station.audit.verify().ok).toBe(true);
  });

  it('the merchant phone is nowhere in the data directory in the clear (store, WAL, logs)', () => {
    for (const file of filesUnder(dataDir)) expect(readFileSync(file).includes(PHONE), file).toBe(false);
  });
});
