import { openDatabase } from '../../../electron/store/database';
import { isReviewer, REVIEW_READER_ROLES, REVIEWER_ROLES, ROLES } from '../../../electron/contract/define';
import { kycCalls } from '../../../electron/contract/kyc';

describe('roles: one definition, and the store and the gate follow it', () => {
  it("the store's CHECK on operators.role is exactly ROLES", () => {
    const db = openDatabase({ file: ':memory:' });
    const { sql } = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'operators'").get() as {
      sql: string;
    };
    const list = /role TEXT NOT NULL CHECK \(role IN \(([^)]*)\)\)/.exec(sql)![1]!;
    expect(list.split(',').map((v) => v.trim().replace(/^'|'$/g, ''))).toEqual([...ROLES]);
  });

  it('only reviewers claim, decide and see unmasked numbers; the admin may read the queue', () => {
    expect(ROLES.filter(isReviewer)).toEqual([...REVIEWER_ROLES]);
    for (const [name, call] of Object.entries(kycCalls)) {
      if (/^kyc\.(claim|renew|release|decide|approve|reject|requestInfo|reveal)/.test(name)) {
        expect(call.access, name).toEqual(REVIEWER_ROLES);
      }
    }
    expect(kycCalls['kyc.queue'].access).toEqual(REVIEW_READER_ROLES);
  });
});
