import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REFUSAL_CODES, refuse, Refusal } from '../../../server/refusals';
import { MAKER_REFUSALS } from '../../../electron/contract/domain/devices/makers';
import { DOCUMENT_REFUSAL_CODES } from '../../../server/documents';
import { SIGNIN_REFUSAL_CODES } from '../../../server/signin';
import { AUDIT_PUSH_CODES } from '../../../server/station-audit';
import { SIGN_IN_REFUSAL_CODES, SignInRefused } from '../../../electron/services/sync/operator-signin';

/** docs/sync.md is the contract: every refusal the hub can give is listed there, with words in both languages. */
describe('refusal codes', () => {
  const doc = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'sync.md'), 'utf8');
  const holder = { operator: 'wang', stationName: 'Counter 3', until: new Date('2026-12-03T10:00:00.000Z') };
  const all: Refusal[] = [
    refuse.badMutation('payload.phone', 'bad'),
    refuse.unknownKind('x'),
    refuse.idReused(),
    refuse.operatorUnknown('a'),
    refuse.operatorDisabled('a'),
    refuse.roleForbidden('a', 'support', 'device.revoke'),
    refuse.caseUnknown('C1'),
    refuse.caseExists('C1'),
    refuse.caseClosed('C1', 'approved'),
    refuse.resubmissionStale('C1', 'open', 2, 2),
    refuse.resubmissionStale('C1', 'rejected', 2, 3),
    refuse.claimHeld('C1', holder),
    refuse.queueEmpty(),
    refuse.staleToken('C1', holder),
    refuse.staleToken('C1', null),
    refuse.fourEyesSame('C1'),
    refuse.fourEyesSenior('C1'),
    refuse.deviceRevoked('SN-1'),
    refuse.unfreezeSamePerson('SN-1', 'sun'),
    refuse.deviceRevoked('SN-1', 'restock'),
    refuse.deviceScrapped('SN-1', {
      stationName: 'Counter 3',
      by: 'sun',
      at: new Date('2026-12-03T10:00:00.000Z'),
    }),
    refuse.supportCaseOpenElsewhere('SN-1', {
      caseId: 'SC-20261203-001',
      stationName: 'Counter 3',
      openedBy: 'sun',
      openedAt: new Date('2026-12-03T10:00:00.000Z'),
    }),
    refuse.feeNoticeTooShort('v1', '2027-01-01'),
    refuse.feeVersionExists('v1'),
    ...MAKER_REFUSALS.map((code) => refuse.maker(code, `maker refused: ${code}`)),
  ];

  it.each(all.map((r) => [r.code, r] as const))('%s is documented and has Chinese words', (code, r) => {
    expect(doc).toContain(`\`${code}\``);
    expect(r.message.length).toBeGreaterThan(5);
    expect(r.messageZh).toMatch(/[\u4e00-\u9fff]/);
  });

  it('every code the hub has is among them (a new code needs its words here and in docs/sync.md)', () => {
    expect(new Set(all.map((r) => r.code))).toEqual(new Set(REFUSAL_CODES));
  });

  it('a stale resubmission says what the case is now, in Chinese words too', () => {
    expect(refuse.resubmissionStale('C1', 'awaiting_second', 2, 2).messageZh).toContain('待第二次批准');
    expect(refuse.resubmissionStale('C1', 'rejected', 2, 3).message).toContain('version 2, now 3');
  });

  it('a stale token names who holds the case now (station name, Shanghai time), or says to claim again', () => {
    expect(refuse.staleToken('C1', holder).messageZh).toContain(
      'wang（工作站“Counter 3”）审核，至北京时间 2026-12-03 18:00',
    );
    expect(refuse.staleToken('C1', holder).message).toContain(
      'wang at station "Counter 3" until 2026-12-03 18:00 (Shanghai time)',
    );
    expect(refuse.staleToken('C1', null).message).toContain('claim it again');
  });

  it('an open case elsewhere names the case, its station and who took it in when (Shanghai time)', () => {
    const r = refuse.supportCaseOpenElsewhere('SN-1', {
      caseId: 'SC-20261203-001',
      stationName: 'Counter 3',
      openedBy: 'sun',
      openedAt: new Date('2026-12-03T10:00:00.000Z'),
    });
    expect(r.message).toContain(
      'case SC-20261203-001 at station "Counter 3" (taken in by sun on 2026-12-03 18:00',
    );
    expect(r.messageZh).toContain(
      '工作站“Counter 3”有进行中的售后工单 SC-20261203-001（sun 于北京时间 2026-12-03 18:00 受理）',
    );
  });

  it.each([...SIGNIN_REFUSAL_CODES, ...AUDIT_PUSH_CODES, ...DOCUMENT_REFUSAL_CODES, 'STATION_REVOKED'])(
    'per-request refusal %s is documented',
    (code) => expect(doc).toContain(`\`${code}\``),
  );

  it.each(SIGN_IN_REFUSAL_CODES)('station sign-in refusal %s is documented and has Chinese words', (code) => {
    expect(doc).toContain(`\`${code}\``);
    expect(new SignInRefused(code).messageZh).toMatch(/[\u4e00-\u9fff]/);
  });
});
