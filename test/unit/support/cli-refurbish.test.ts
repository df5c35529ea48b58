import { Command } from 'commander';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { registerSupportCommands } from '../../../electron/cli/support';
import { REFURBISH_EXIT } from '../../../electron/cli/support-refurbish';
import type { OpenStore } from '../../../electron/cli/store-handle';
import { createAuditLog } from '../../../electron/services/audit/audit-log';
import { EvidenceStore } from '../../../electron/services/devices/evidence/evidence-store';
import { DeviceRegistry } from '../../../electron/services/devices/registry/device-registry';
import { createFeesService } from '../../../electron/services/fees/service';
import { createSupportService } from '../../../electron/services/support/service';
import { dataDirFileKey } from '../../../electron/services/vault/data-dir-keys';
import type { CapturedIo } from '../captured-io';
import { freshCliStation } from '../cli-station';
import { support1 } from './fixture';

/** `pos-station support scrap` and `support refurbish`: through the gate, exit codes as the README says. */
let dir: string;
let openStore: OpenStore;
let io: CapturedIo;
const SERIAL = 'SP2026000123';

beforeEach(() => {
  ({ dir, openStore, io } = freshCliStation('refurbish-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A registered unit whose case was decided as `decision`. */
function caseDecided(decision: 'scrap' | 'refurbish'): string {
  const store = openStore();
  try {
    const clock = { now: () => Date.now() };
    const audit = createAuditLog(store.db, clock);
    store.db
      .prepare(
        `INSERT INTO device_registry (serial, key_fingerprint, model, batch, mode, status, imported_at, source)
         VALUES (?, ?, 'SP-200', 'B1', 'production', 'genuine', '2026-01-05T09:00:00.000+08:00', 'test')`,
      )
      .run(SERIAL, 'ab'.repeat(32));
    const { cases } = createSupportService({
      db: store.db,
      audit,
      clock,
      fees: createFeesService(),
      registry: new DeviceRegistry(store.db),
      evidence: new EvidenceStore(store.db, audit, clock),
      dataDir: dir,
      keys: dataDirFileKey(dir),
    });
    const c = cases.intake({ scanned: SERIAL, symptom: 'dropped_or_wet', accessories: [] }, support1);
    cases.move(c.id, 'diagnosing', undefined, support1);
    cases.move(c.id, 'awaiting_decision', undefined, support1);
    cases.decide(c.id, decision, 'user_damage', undefined, support1);
    return c.id;
  } finally {
    store.close();
  }
}

async function cli(...args: string[]): Promise<void> {
  const program = new Command('pos-station').exitOverride();
  registerSupportCommands(program, openStore, { io });
  await program.parseAsync(['node', 'pos-station', 'support', ...args]);
}

function registryStatus(): string {
  const store = openStore();
  try {
    return new DeviceRegistry(store.db).lookup(SERIAL)!.status;
  } finally {
    store.close();
  }
}

describe('pos-station support scrap', () => {
  it('revokes the serial, closes the case and prints the evidence run', async () => {
    const caseId = caseDecided('scrap');
    await cli('scrap', SERIAL, '--reason', 'water damage, board corroded', '--json');
    expect(io.exitCode ?? 0).toBe(REFURBISH_EXIT.done);
    const done = JSON.parse(io.stdout) as Record<string, unknown>;
    expect(done).toMatchObject({ caseId, serial: SERIAL, caseState: 'scrapped', registryStatus: 'revoked' });
    expect(registryStatus()).toBe('revoked');
  });

  it("at a station enrolled with a hub, the scrap and its case's close wait in the station outbox", async () => {
    const caseId = caseDecided('scrap'); // made while standalone: stays local
    writeFileSync(join(dir, 'hub-identity.json'), '{}');
    await cli('scrap', SERIAL, '--reason', 'water damage, board corroded');
    expect(io.exitCode ?? 0).toBe(REFURBISH_EXIT.done);
    const store = openStore();
    try {
      const rows = store.db
        .prepare('SELECT kind, serial, operator, payload FROM station_outbox ORDER BY seq')
        .all() as { kind: string; serial: string; operator: string; payload: string }[];
      expect(rows.map((r) => [r.kind, r.serial])).toEqual([
        ['device.scrap', SERIAL],
        ['support.case', SERIAL],
      ]);
      expect(JSON.parse(rows[1]!.payload)).toMatchObject({ caseId, action: 'close', state: 'scrapped' });
    } finally {
      store.close();
    }
  });

  it('a reason too short: exit 1 naming the reason, nothing written', async () => {
    caseDecided('scrap');
    await cli('scrap', SERIAL, '--reason', 'bad');
    expect(io.exitCode).toBe(REFURBISH_EXIT.badInput);
    expect(io.stderr).toMatch(/reason/);
    expect(registryStatus()).toBe('genuine');
  });

  it('a unit whose case was not decided as scrap: exit 1, nothing written', async () => {
    caseDecided('refurbish');
    await cli('scrap', SERIAL, '--reason', 'water damage, board corroded');
    expect(io.exitCode).toBe(REFURBISH_EXIT.badInput);
    expect(io.stderr).toMatch(/No open case of SP2026000123 is decided as scrap/);
    expect(registryStatus()).toBe('genuine');
  });
});

describe('pos-station support refurbish', () => {
  it('a port that does not exist: exit 1 naming --port, before the store is opened', async () => {
    await cli('refurbish', '--port', join(dir, 'ttyNONE'));
    expect(io.exitCode).toBe(REFURBISH_EXIT.badInput);
    expect(io.stderr).toMatch(/--port: .*ttyNONE does not exist/);
  });
});
