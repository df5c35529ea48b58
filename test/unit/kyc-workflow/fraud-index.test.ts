import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { plainKeyHasher } from '../../../electron/services/kyc/checks/identity-keys';
import { createSqlApplicationIndex } from '../../../electron/services/kyc/store/identity-index';
import { readCase } from '../../../electron/services/kyc/store/case-view';
import { getCaseRow } from '../../../electron/services/kyc/store/case-rows';
import { submit } from './applications';
import { openKycTestStore, type KycTestStore } from './fixtures';

let store: KycTestStore;

function findingCodes(id: string): string[] {
  return readCase(store.ctx, id).findings.map((f) => f.code);
}

beforeEach(() => {
  store = openKycTestStore();
});
afterEach(() => store.close());

describe('fraud signals from the SQL index over identity hashes', () => {
  it('finds the same ID number on another application', () => {
    submit(store.ctx, { id: 'A1', person: 7, phone: '13700000001', cardSerial: 1 });
    submit(store.ctx, { id: 'A2', person: 7, phone: '13700000002', cardSerial: 2 });
    expect(findingCodes('A1')).toContain('fraud.cross_application.ok');
    const finding = readCase(store.ctx, 'A2').findings.find((f) => f.code === 'fraud.id_number.duplicate');
    expect(finding?.evidence).toMatchObject({ otherApplications: 1, applicationIds: ['A1'] });
    expect(getCaseRow(store.ctx.db, 'A2')?.risk).toBe('high');
  });

  it('finds the same phone on another application, and many from one phone', () => {
    for (let i = 1; i <= 4; i++) submit(store.ctx, { id: `P${i}`, person: i, phone: '13700000009' });
    expect(findingCodes('P2')).toContain('fraud.phone.duplicate');
    expect(findingCodes('P4')).toContain('fraud.phone.many');
  });

  it('finds a settlement card shared by another applicant', () => {
    submit(store.ctx, { id: 'C1', person: 1, cardSerial: 555 });
    submit(store.ctx, { id: 'C2', person: 2, cardSerial: 555 });
    expect(findingCodes('C2')).toContain('fraud.card.shared');
  });

  it('stores only keyed hashes, and the index answers from them', () => {
    submit(store.ctx, { id: 'A1', person: 7, phone: '13700000001' });
    const rows = store.ctx.db.prepare('SELECT key, hash FROM kyc_identity_keys').all() as {
      key: string;
      hash: string;
    }[];
    expect(rows.map((r) => r.key).sort()).toEqual(['address', 'card_number', 'id_number', 'phone']);
    const phone = rows.find((r) => r.key === 'phone')!;
    // HMAC under the station key, not a plain hash anyone could recompute from a phone number.
    expect(phone.hash).toBe(store.ctx.keyHasher('phone', '13700000001'));
    expect(phone.hash).not.toBe(plainKeyHasher('phone', '13700000001'));
    const usage = createSqlApplicationIndex(store.ctx.db).usage('phone', phone.hash, {
      excludeApplicationId: 'OTHER',
      applicantIdHash: 'someone-else',
      sampleLimit: 10,
    });
    expect(usage).toEqual({ applications: 1, otherApplicants: 1, sampleApplicationIds: ['A1'] });
  });
});
