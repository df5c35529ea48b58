import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { DeviceRegistry } from '../../../electron/services/devices/registry/device-registry';
import { openTestStore } from './test-store';

const fp = (s: string) => createHash('sha256').update(s).digest('hex');

// Rows drawn from a small pool of serials and keys, so duplicates, clones and shared keys are common.
const rowArb = fc.record({
  serial: fc.integer({ min: 1, max: 8 }).map((n) => `PS${String(n).padStart(10, '0')}`),
  key: fc.integer({ min: 1, max: 8 }),
  batch: fc.constantFrom('B1', 'B2'),
  broken: fc.constantFrom(false, false, false, false, false, false, false, true),
});

function toCsv(rows: readonly { serial: string; key: number; batch: string; broken: boolean }[]): string {
  const lines = rows.map(
    (r) => `${r.broken ? 'bad serial' : r.serial},${fp(String(r.key))},PS-M1,${r.batch},production`,
  );
  return ['serial,key_fingerprint,model,batch,mode', ...lines].join('\n');
}

describe('registry import, property', () => {
  it('a manifest is imported whole or not at all; accepted rows are exactly the new ones', () => {
    fc.assert(
      fc.property(
        fc.array(rowArb, { minLength: 1, maxLength: 6 }),
        fc.array(rowArb, { minLength: 1, maxLength: 6 }),
        (first, second) => {
          const registry = new DeviceRegistry(openTestStore());
          for (const rows of [first, second]) {
            const before = registry.list();
            const report = registry.importManifest({
              text: toCsv(rows),
              format: 'csv',
              source: 'p',
              actor: 'p',
            });
            const after = registry.list();
            if (!report.ok) {
              expect(after).toEqual(before);
              expect(report.conflicts.length + report.malformed.length).toBeGreaterThan(0);
              continue;
            }
            expect(report.malformed).toEqual([]);
            expect(report.conflicts).toEqual([]);
            expect(after.length).toBe(before.length + report.imported);
            expect(report.imported + report.unchanged).toBe(rows.length);
            for (const r of rows) expect(registry.lookup(r.serial)?.keyFingerprint).toBe(fp(String(r.key)));
            // The invariants the genuine check relies on: one key per serial, one serial per key.
            expect(new Set(after.map((e) => e.keyFingerprint)).size).toBe(after.length);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
