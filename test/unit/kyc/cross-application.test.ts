import {
  crossApplicationFindings,
  FRAUD_MANY_OTHER_APPLICATIONS,
  InMemoryApplicationIndex,
  type ApplicationIndex,
} from '../../../electron/services/kyc/checks/cross-application';
import { createKeyHasher, identityKeysOf } from '../../../electron/services/kyc/checks/identity-keys';
import { buildIdNumber } from '../../../electron/services/kyc/checks/gb11643';
import { runChecks } from '../../../electron/services/kyc/checks/run-checks';
import { riskLevel } from '../../../electron/contract/domain/kyc/risk-level';
import { finding } from '../../../electron/contract/domain/kyc/finding';
import type { Application } from '../../../electron/contract/domain/kyc/application';
import { application, cardWith, codes, REVIEW_DATE } from './fixtures';

let serial = 0;
/** Another person's application: own ID, card, phone, address and device unless overridden. */
function other(
  overrides: { applicant?: Partial<Application['applicant']>; card?: string; device?: string } = {},
): Application {
  serial += 1;
  const base = application();
  return {
    ...base,
    applicationId: `B-${serial}`,
    deviceFingerprint: overrides.device ?? `dev-other-${serial}`,
    applicant: {
      ...base.applicant,
      idNumber: buildIdNumber('310104', '1985-01-01', serial),
      phone: `1390000${String(serial).padStart(4, '0')}`,
      address: `上海市徐汇区某路${serial}号`,
      ...overrides.applicant,
    },
    settlementCard: {
      ...base.settlementCard,
      number: overrides.card ?? cardWith('621700', 19, String(serial % 10)),
    },
  };
}

function indexOf(...apps: Application[]): InMemoryApplicationIndex {
  const index = new InMemoryApplicationIndex();
  for (const app of apps) index.add(app);
  return index;
}

describe('fraud signals across applications', () => {
  const app = application();

  it('leaves a passing trace when nothing is shared', () => {
    expect(codes(crossApplicationFindings(app, indexOf(app, other(), other())))).toEqual([
      'fraud.cross_application.ok',
    ]);
  });

  it('does not count the application itself, so a resubmission is not its own duplicate', () => {
    expect(codes(crossApplicationFindings(app, indexOf(app, app)))).toEqual(['fraud.cross_application.ok']);
  });

  it('flags the same ID number and the same phone on another application', () => {
    const twin = other({ applicant: { idNumber: app.applicant.idNumber } });
    expect(codes(crossApplicationFindings(app, indexOf(twin)))).toContain('fraud.id_number.duplicate');
    const samePhone = other({
      applicant: { phone: ` ${app.applicant.phone.slice(0, 3)} ${app.applicant.phone.slice(3)}` },
    });
    const found = crossApplicationFindings(app, indexOf(samePhone)).find(
      (f) => f.code === 'fraud.phone.duplicate',
    );
    expect(found).toMatchObject({
      severity: 'warning',
      evidence: { otherApplications: 1, applicationIds: [samePhone.applicationId] },
    });
  });

  it('calls a card used by another applicant an error, by the same applicant a warning', () => {
    const someoneElse = other({ card: app.settlementCard.number });
    expect(
      crossApplicationFindings(app, indexOf(someoneElse)).find((f) => f.code === 'fraud.card.shared')
        ?.severity,
    ).toBe('error');
    const again = other({ card: app.settlementCard.number, applicant: { idNumber: app.applicant.idNumber } });
    expect(codes(crossApplicationFindings(app, indexOf(again)))).toContain('fraud.card.duplicate');
  });

  it(`flags many applications (≥ ${FRAUD_MANY_OTHER_APPLICATIONS} others) from one phone, address or device`, () => {
    const others = Array.from({ length: FRAUD_MANY_OTHER_APPLICATIONS }, () =>
      other({
        device: app.deviceFingerprint as string,
        applicant: { phone: app.applicant.phone, address: app.applicant.address },
      }),
    );
    const found = codes(crossApplicationFindings(app, indexOf(...others)));
    expect(found).toEqual(
      expect.arrayContaining(['fraud.phone.many', 'fraud.address.many', 'fraud.device.many']),
    );
    const fewer = codes(crossApplicationFindings(app, indexOf(...others.slice(1))));
    expect(fewer).not.toContain('fraud.phone.many');
    expect(fewer).not.toContain('fraud.address.many');
    expect(fewer).toEqual(expect.arrayContaining(['fraud.phone.duplicate', 'fraud.device.shared']));
  });

  it('works through the interface with keyed hashes only', () => {
    const hasher = createKeyHasher('station-secret');
    const seen: string[] = [];
    const index: ApplicationIndex = {
      usage: (key, hash) => {
        seen.push(hash);
        return {
          applications: key === 'phone' ? 1 : 0,
          otherApplicants: 0,
          sampleApplicationIds: key === 'phone' ? ['X-9'] : [],
        };
      },
    };
    expect(codes(crossApplicationFindings(app, index, hasher))).toEqual(['fraud.phone.duplicate']);
    expect(seen).toEqual([...identityKeysOf(app, hasher).values()]);
    expect(seen.join()).not.toContain(app.applicant.phone);
    expect(identityKeysOf(app, hasher).get('phone')).not.toBe(identityKeysOf(app).get('phone'));
  });
});

describe('runChecks and riskLevel', () => {
  it('gives every rule a trace and a low risk for a clean application', () => {
    const app = application();
    const findings = runChecks(app, { reviewDate: REVIEW_DATE, index: indexOf(app) });
    expect(codes(findings)).toEqual([
      'doc.complete',
      'id.checksum.ok',
      'id.province.ok',
      'id.age.ok',
      'id.expiry.ok',
      'id.validity.period_ok',
      'card.luhn.ok',
      'card.type.debit',
      'card.class.ok',
      'card.holder.ok',
      'proof.qr.merchant_name.ok',
      'proof.qr.coverage.ok',
      'fraud.cross_application.ok',
    ]);
    expect(riskLevel(findings)).toBe('low');
  });

  it('reports missing documents', () => {
    const app = application();
    const findings = runChecks(
      { ...app, documents: app.documents.filter((d) => d.kind !== 'card_photo' && d.id !== 'qr-1') },
      { reviewDate: REVIEW_DATE, index: indexOf() },
    );
    expect(findings[0]).toMatchObject({
      code: 'doc.missing',
      severity: 'error',
      evidence: { missingKinds: ['card_photo', 'proof'], missingDocumentIds: ['qr-1'] },
    });
  });

  it('rates: any error or fraud warning high, other warnings medium, info low', () => {
    const info = finding('x.ok', 'info', '', '');
    expect(riskLevel([info])).toBe('low');
    expect(riskLevel([info, finding('card.class_ii', 'warning', '', '')])).toBe('medium');
    expect(riskLevel([info, finding('fraud.phone.duplicate', 'warning', '', '')])).toBe('high');
    expect(riskLevel([info, finding('id.expired', 'error', '', '')])).toBe('high');
  });
});
