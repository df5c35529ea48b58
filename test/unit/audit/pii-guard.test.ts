import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertAuditSafe } from '../../../electron/services/audit/pii-guard';

const refused = (value: Parameters<typeof assertAuditSafe>[0]) => () => assertAuditSafe(value, 'details');

describe('audit PII guard', () => {
  it('refuses unmasked ID and card numbers however they appear', () => {
    for (const raw of [
      '11010519491231002X',
      '110105194912310021',
      '110105491231002',
      '6222021234567890',
      '6222021234567890123',
      '6222 0212 3456 7890',
      '6222-0212-3456-7890-123',
      'card 6222021234567890123, holder Zhang',
    ]) {
      expect(refused({ note: raw }), raw).toThrow(
        /details\.note holds what looks like an unmasked ID or card/,
      );
    }
    expect(refused({ list: [{ id: '11010519491231002x' }] })).toThrow(/details\.list\[0\]\.id/);
    expect(refused({ card: 6222021234567890 })).toThrow(/unmasked/);
  });

  it('lets masked numbers, amounts, times and hex digests through', () => {
    expect(
      refused({ card: '6222********0123', id: '110105********002X', amountFen: 5_000_000 }),
    ).not.toThrow();
    expect(refused({ at: Date.parse('2026-11-26T00:00:00Z'), phone: '138****5678' })).not.toThrow();
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), (bytes) => {
        const digest = createHash('sha256').update(bytes).digest('hex');
        expect(refused({ firmwareSha256: digest })).not.toThrow();
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses text under secret-named keys but allows flags and counts about secrets', () => {
    expect(refused({ newPassword: 'x' })).toThrow(/details\.newPassword looks like a secret/);
    expect(refused({ session: { accessToken: 'x' } })).toThrow(/details\.session\.accessToken/);
    expect(refused({ activationCode: '12345678' })).toThrow(/secret/);
    expect(refused({ mustChangePassword: true, tokensRevoked: 2, activationCodeSent: false })).not.toThrow();
  });
});
