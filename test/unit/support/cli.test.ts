import { Command } from 'commander';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerSupportCommands, SUPPORT_EXIT } from '../../../electron/cli/support';
import type { OpenStore } from '../../../electron/cli/store-handle';
import { openDatabase } from '../../../electron/store/database';
import { createAuditLog } from '../../../electron/services/audit/audit-log';
import { EvidenceStore } from '../../../electron/services/devices/evidence/evidence-store';
import { DeviceRegistry } from '../../../electron/services/devices/registry/device-registry';
import { createSupportService } from '../../../electron/services/support/service';
import { dataDirFileKey } from '../../../electron/services/vault/data-dir-keys';
import { shippedService, TODAY } from '../fees/fixtures';
import { support1 } from './fixture';
import { capturedIo, type CapturedIo } from '../captured-io';

let dir: string;
let openStore: OpenStore;
let io: CapturedIo;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'support-cli-'));
  openStore = () => {
    const db = openDatabase({ file: join(dir, 'station.sqlite') });
    return { db, dataDir: dir, close: () => db.close() };
  };
  io = capturedIo();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]): Promise<void> {
  const program = new Command('pos-station').exitOverride();
  registerSupportCommands(program, openStore, { io, fees: () => shippedService() });
  await program.parseAsync(['node', 'pos-station', ...args]);
}

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
    expect(io.stderr).toContain("month '2026-1' is not YYYY-MM");
  });
});
