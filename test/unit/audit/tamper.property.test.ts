import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAuditLog } from '../../../electron/services/audit/audit-log';
import { fakeClock, openTestStore } from './fixtures';

const FIELDS = ['at', 'actor', 'action', 'subject', 'details', 'prev_hash', 'hash'] as const;

/** A store with `count` records, its append-only triggers dropped as an attacker with the file would. */
function tamperableLog(count: number) {
  const db = openTestStore();
  const clock = fakeClock();
  const audit = createAuditLog(db, clock);
  db.transaction(() => {
    for (let i = 1; i <= count; i++) {
      clock.advance(1000);
      audit.append({
        actor: `op${i % 3}`,
        action: 'case.decided',
        subject: `application:A${i}`,
        details: { i },
      });
    }
  })();
  db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
  return { db, audit };
}

describe('audit chain under random tampering', () => {
  it('any edit of any field of any record is found at that record', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }).chain((count) =>
          fc.record({
            count: fc.constant(count),
            seq: fc.integer({ min: 1, max: count }),
            field: fc.constantFrom(...FIELDS),
            junk: fc.string({ minLength: 1, maxLength: 8 }),
          }),
        ),
        ({ count, seq, field, junk }) => {
          const { db, audit } = tamperableLog(count);
          const before = db.prepare(`SELECT ${field} FROM audit_log WHERE seq = ?`).pluck().get(seq);
          const after = `${String(before)}${junk}`;
          db.prepare(`UPDATE audit_log SET ${field} = ? WHERE seq = ?`).run(after, seq);
          const result = audit.verify();
          db.close();
          expect(result).toMatchObject({ ok: false, firstBadSeq: seq, problem: 'edited' });
        },
      ),
      { numRuns: 150 },
    );
  });

  it('removing any record is "removed" at it, or "truncated" at the end', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 12 })
          .chain((count) => fc.tuple(fc.constant(count), fc.integer({ min: 1, max: count }))),
        ([count, seq]) => {
          const { db, audit } = tamperableLog(count);
          db.prepare('DELETE FROM audit_log WHERE seq = ?').run(seq);
          const result = audit.verify();
          db.close();
          expect(result).toMatchObject({
            ok: false,
            firstBadSeq: seq,
            problem: seq === count ? 'truncated' : 'removed',
          });
        },
      ),
      { numRuns: 100 },
    );
  });

  it('swapping any two records is "reordered" at the earlier one', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { minLength: 2, maxLength: 2 }),
        ([a, b]) => {
          const { db, audit } = tamperableLog(12);
          db.prepare('UPDATE audit_log SET seq = -1 WHERE seq = ?').run(a);
          db.prepare('UPDATE audit_log SET seq = ? WHERE seq = ?').run(a, b);
          db.prepare('UPDATE audit_log SET seq = ? WHERE seq = -1').run(b);
          const result = audit.verify();
          db.close();
          expect(result).toMatchObject({ ok: false, firstBadSeq: Math.min(a!, b!), problem: 'reordered' });
        },
      ),
      { numRuns: 100 },
    );
  });
});
