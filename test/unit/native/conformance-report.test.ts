import { generateKeyPairSync } from 'node:crypto';
import { signReport, verifyReport } from '../../../electron/cli/conformance-report';
import { parseBreakFlags } from '../../../native/simulator/break-flags';

describe('conformance report signature', () => {
  const { privateKey } = generateKeyPairSync('ed25519');
  const report = {
    format: 'pos-station-conformance/1',
    terminal: { serial: 'PS1' },
    clauses: [{ id: 'a', result: 'fail' }],
  };
  const signed = JSON.stringify(signReport(report, privateKey));

  it('verifies as signed, whatever the key order or spacing', () => {
    const reordered = JSON.parse(signed) as Record<string, unknown>;
    const text = JSON.stringify({ signature: reordered.signature, ...reordered }, null, 2);
    expect(verifyReport(text)).toMatchObject({ ok: true });
  });

  it.each([
    ['an edited result', signed.replace('"fail"', '"pass"'), /does not verify/],
    [
      'a swapped key',
      signed.replace(/"publicKey":"[^"]+"/, `"publicKey":"${Buffer.from('x').toString('base64')}"`),
      /publicKey/,
    ],
    ['no signature', JSON.stringify(report), /signature: missing/],
    ['not JSON', '{', /not JSON/],
  ])('refuses %s, naming why', (_what, text, problem) => {
    const check = verifyReport(text);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.problem).toMatch(problem);
  });
});

describe('simulator --break', () => {
  it('takes comma lists and repeats, and refuses an unknown flag naming it', () => {
    expect(parseBreakFlags(['reused-nonce,no-dup-replay', 'slow-hello'])).toEqual([
      'reused-nonce',
      'no-dup-replay',
      'slow-hello',
    ]);
    expect(() => parseBreakFlags(['no-such-flag'])).toThrow(/--break: "no-such-flag"/);
  });
});
