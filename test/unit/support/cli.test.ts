import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SUPPORT_EXIT } from '../../../electron/cli/support';
import type { OpenStore } from '../../../electron/cli/store-handle';
import { createAuditLog } from '../../../electron/services/audit/audit-log';
import { EvidenceStore } from '../../../electron/services/devices/evidence/evidence-store';
import { DeviceRegistry } from '../../../electron/services/devices/registry/device-registry';
import { createSupportService } from '../../../electron/services/support/service';
import { dataDirFileKey } from '../../../electron/services/vault/data-dir-keys';
import { shippedService, TODAY } from '../fees/fixtures';
import { support1 } from './fixture';
import type { CapturedIo } from '../captured-io';
import { freshCliStation } from '../cli-station';
import { runSupportCli } from './support-cli';

let dir: string;
let openStore: OpenStore;
let io: CapturedIo;

beforeEach(() => {
  ({ dir, openStore, io } = freshCliStation('support-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) =>
  runSupportCli(openStore, { io, fees: () => shippedService(), clock: { now: () => TODAY } }, args);

function ledger(...rows: string[]): string {
  const file = join(dir, 'ledger.csv');
  writeFileSync(file, ['time,merchant,channel,amount,account_class,fee', ...rows].join('\n'));
  return file;
}

describe('pos-station support explain', () => {
  it('reads each row out in Chinese with the fee recomputed', async () => {
    const file = ledger(
      '2026-12-14T10:00:00+08:00,M1,credit,100.00,I,3.65',
      '2026-11-02T10:00:00+08:00,M2,debit,10,I,',
    );
    await cli('support', 'explain', '--ledger', file, '--merchant', 'M1', '--lang', 'zh');
    expect(io.exitCode).toBeUndefined();
    expect(io.stdout).toContain('手续费应为 3.60 元');
    expect(io.stdout).toContain('多收 0.05 元');
    expect(io.stdout).not.toContain('M2');
  });

  it('--json prints the whole explanation', async () => {
    await cli(
      'support',
      'explain',
      '--ledger',
      ledger('2026-11-02T09:00:00+08:00,M1,credit,100.00,II,'),
      '--json',
    );
    const parsed = JSON.parse(io.stdout) as { rows: { expectedFeeFen: number }[] };
    expect(parsed.rows[0]!.expectedFeeFen).toBe(360);
  });

  it('a bad row, an unknown merchant or a missing file: one line on stderr, exit 1', async () => {
    await cli('support', 'explain', '--ledger', ledger('2026-11-02T09:00:00+08:00,M1,credit,1.000,I,'));
    expect(io.exitCode).toBe(SUPPORT_EXIT.badInput);
    expect(io.stderr).toMatch(/^pos-station support: ledger row 2, field 'amount'.*\n$/);
    io.stderr = '';
    await cli(
      'support',
      'explain',
      '--ledger',
      ledger('2026-11-02T09:00:00+08:00,M1,credit,1.00,I,'),
      '--merchant',
      'X',
    );
    expect(io.stderr).toContain("merchant 'X' has no row");
    io.stderr = '';
    await cli('support', 'explain', '--ledger', join(dir, 'missing.csv'));
    expect(io.stderr).toContain('missing.csv');
    expect(io.exitCode).toBe(SUPPORT_EXIT.badInput);
  });
});

describe('pos-station support cases', () => {
  it('lists open cases with phones masked, and finds one by the phone number', async () => {
    const store = openStore();
    // A fixed day inside the working-day calendar, so the due dates never run past it.
    const clock = { now: () => TODAY };
    const audit = createAuditLog(store.db, clock);
    const service = createSupportService({
      db: store.db,
      audit,
      clock,
      fees: shippedService(),
      registry: new DeviceRegistry(store.db),
      evidence: new EvidenceStore(store.db, audit, clock),
      dataDir: dir,
      keys: dataDirFileKey(dir),
    });
    service.cases.intake(
      { scanned: 'PSM1A0000001', merchantPhone: '13812345678', symptom: 'screen', accessories: [] },
      support1,
    );
    service.cases.intake({ scanned: 'PSM1A0000002', symptom: 'printer', accessories: [] }, support1);
    store.close();
    await cli('support', 'cases');
    expect(io.stdout).toContain('PSM1A0000001');
    expect(io.stdout).toContain('138****5678');
    expect(io.stdout).not.toContain('13812345678');
    io.stdout = '';
    await cli('support', 'cases', '--query', '13812345678', '--json');
    expect((JSON.parse(io.stdout) as { serial: string }[]).map((c) => c.serial)).toEqual(['PSM1A0000001']);
  });
});

describe('pos-station support idle', () => {
  it('lists the units idle in a month, and refuses a bad month with exit 1', async () => {
    const file = join(dir, 'idle.csv');
    writeFileSync(
      file,
      [
        'time,merchant,channel,amount,serial',
        '2026-09-05T10:00:00+08:00,A,credit,10.00,S1',
        '2026-10-05T10:00:00+08:00,B,credit,10.00,S2',
      ].join('\n'),
    );
    await cli('support', 'idle', '--ledger', file, '--month', '2026-10', '--json');
    expect((JSON.parse(io.stdout) as { idle: { serial: string }[] }).idle.map((e) => e.serial)).toEqual([
      'S1',
    ]);
    await cli('support', 'idle', '--ledger', file, '--month', '2026-1');
    expect(io.exitCode).toBe(SUPPORT_EXIT.badInput);
    expect(io.stderr).toMatch(/month.*must be YYYY-MM/);
  });

  it('--remind queues one reminder per idle merchant, once per month, and lists them as reminded', async () => {
    const file = join(dir, 'idle.csv');
    writeFileSync(
      file,
      [
        'time,merchant,channel,amount,serial',
        '2026-09-05T10:00:00+08:00,A,credit,10.00,S1',
        '2026-09-06T10:00:00+08:00,A,credit,10.00,S4',
        '2026-09-07T10:00:00+08:00,B,credit,10.00,S2',
        '2026-10-05T10:00:00+08:00,C,credit,10.00,S3',
      ].join('\n'),
    );
    await cli('support', 'idle', '--ledger', file, '--month', '2026-10', '--remind', '--json');
    expect(JSON.parse(io.stdout)).toMatchObject({ queued: ['A', 'B'], alreadyReminded: [] });
    io.stdout = '';
    await cli('support', 'idle', '--ledger', file, '--month', '2026-10', '--remind');
    expect(io.exitCode).toBeUndefined();
    expect(io.stdout).toContain('Reminders queued: 0; already reminded for 2026-10: 2');
    expect(io.stdout).toMatch(/A {2}S1 .*\[ledger\] {2}reminder queued/);
    const store = openStore();
    const rows = store.db
      .prepare('SELECT merchant_id, subject FROM notice_outbox ORDER BY merchant_id')
      .all();
    store.close();
    expect(rows).toEqual([
      { merchant_id: 'A', subject: 'S1,S4' },
      { merchant_id: 'B', subject: 'S2' },
    ]);
  });

  it('a role that may not remind is refused by the gate with exit 1, and nothing is queued', async () => {
    const file = join(dir, 'idle.csv');
    writeFileSync(
      file,
      ['time,merchant,channel,amount', '2026-09-05T10:00:00+08:00,A,credit,10.00'].join('\n'),
    );
    await cli('support', 'idle', '--ledger', file, '--month', '2026-10', '--remind', '--as', 'warehouse');
    expect(io.exitCode).toBe(SUPPORT_EXIT.badInput);
    const store = openStore();
    expect(store.db.prepare('SELECT count(*) AS n FROM notice_outbox').get()).toEqual({ n: 0 });
    store.close();
  });
});

describe('pos-station support settlement', () => {
  it('switches a merchant to instant and back with a reason; the explanation follows the current mode', async () => {
    const file = ledger('2026-11-20T12:00:00+08:00,M1,credit,100.00,I,');
    await cli('support', 'settlement', 'M1');
    expect(io.stdout).toBe('M1: T+1 (default)\n');
    io.stdout = '';
    await cli('support', 'settlement', 'M1', '--instant', '--reason', '商户来电申请秒到');
    expect(io.stdout).toMatch(
      /^M1: instant \(秒到\) {2}since 2026-11-25T12:00:00\.000\+08:00 by cli:.*: 商户来电申请秒到\n$/,
    );
    io.stdout = '';
    await cli('support', 'explain', '--ledger', file, '--json');
    expect(
      (JSON.parse(io.stdout) as { rows: { settlement: { mode: string; at: string } }[] }).rows[0]!.settlement,
    ).toMatchObject({
      mode: 'instant',
      at: '2026-11-20T12:02:00+08:00',
    });
    io.stdout = '';
    await cli('support', 'settlement', 'M1', '--t1', '--reason', '风控要求恢复', '--json');
    expect(JSON.parse(io.stdout)).toMatchObject({ merchantId: 'M1', mode: 't1', reason: '风控要求恢复' });
    const store = openStore();
    const audit = store.db
      .prepare("SELECT actor FROM audit_log WHERE action = 'support.settlement.switched'")
      .all() as { actor: string }[];
    store.close();
    expect(audit).toHaveLength(2);
    expect(audit[0]!.actor).toMatch(/^cli:/);
  });

  it('refuses a switch without a reason, both flags, or the mode already set: exit 1, nothing written', async () => {
    await cli('support', 'settlement', 'M1', '--instant');
    expect(io.exitCode).toBe(SUPPORT_EXIT.badInput);
    expect(io.stderr).toContain('--reason');
    io.stderr = '';
    await cli('support', 'settlement', 'M1', '--instant', '--t1', '--reason', '商户来电申请');
    expect(io.stderr).toContain('not both');
    io.stderr = '';
    await cli('support', 'settlement', 'M1', '--t1', '--reason', '商户来电申请');
    expect(io.stderr).toContain('already on T+1');
    const store = openStore();
    expect(store.db.prepare('SELECT count(*) AS n FROM merchant_settlement').get()).toEqual({ n: 0 });
    store.close();
  });
});
