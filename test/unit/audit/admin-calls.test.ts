import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adminCalls } from '../../../electron/contract/admin';
import type { CallContext } from '../../../electron/contract/context';
import { createDispatcher, type HandlerTable } from '../../../electron/contract/dispatch';
import { createAuditLog, type AuditLog } from '../../../electron/services/audit/audit-log';
import { createAdminHandlers } from '../../../electron/services/audit/handlers';
import type { Db } from '../../../electron/store/database';
import { fakeClock, openTestStore } from './fixtures';

let db: Db;
let audit: AuditLog;
let dispatch: ReturnType<typeof createDispatcher>;

const as = (role: 'admin' | 'reviewer'): CallContext => ({
  operator: { id: role, username: role, displayName: role, role },
  sessionId: 't',
  via: 'ipc',
});

beforeEach(() => {
  db = openTestStore();
  audit = createAuditLog(db, fakeClock());
  db.transaction(() => {
    audit.append({ actor: 'rita', action: 'case.claimed', subject: 'application:A1' });
    audit.append({
      actor: 'wang',
      action: 'provisioning.started',
      subject: 'run:r1',
      details: { applicationId: 'A1' },
    });
    audit.append({ actor: 'wang', action: 'device.shipped', subject: 'device:PSM1-0001', details: {} });
    audit.append({ actor: 'rita', action: 'case.approved', subject: 'application:A2' });
  })();
  dispatch = createDispatcher(adminCalls, createAdminHandlers(db, audit) as unknown as HandlerTable, {
    error: () => {},
  });
});
afterEach(() => db.close());

describe('audit viewer calls', () => {
  it('are for admins only', async () => {
    expect(await dispatch('audit.records', {}, as('reviewer'))).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await dispatch('audit.verify', {}, as('reviewer'))).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('filter by case (its own records and those naming it), unit and operator, newest first', async () => {
    const seqs = async (input: object) => {
      const reply = await dispatch('audit.records', input, as('admin'));
      if (!reply.ok) throw new Error(reply.error.message);
      return (reply.value as { records: { seq: number }[] }).records.map((r) => r.seq);
    };
    expect(await seqs({})).toEqual([4, 3, 2, 1]);
    expect(await seqs({ caseId: 'A1' })).toEqual([2, 1]);
    expect(await seqs({ serial: 'PSM1-0001' })).toEqual([3]);
    expect(await seqs({ actor: 'rita' })).toEqual([4, 1]);
    expect(await seqs({ actor: 'rita', caseId: 'A2' })).toEqual([4]);
  });

  it('pages back through the log', async () => {
    const first = await dispatch('audit.records', { limit: 3 }, as('admin'));
    expect(first).toMatchObject({ ok: true, value: { nextBeforeSeq: 2 } });
    const second = await dispatch('audit.records', { limit: 3, beforeSeq: 2 }, as('admin'));
    expect(second).toMatchObject({ ok: true, value: { records: [{ seq: 1 }], nextBeforeSeq: null } });
  });

  it('verify reports the first bad record', async () => {
    expect(await dispatch('audit.verify', {}, as('admin'))).toEqual({
      ok: true,
      value: { ok: true, count: 4 },
    });
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2").run();
    expect(await dispatch('audit.verify', {}, as('admin'))).toMatchObject({
      ok: true,
      value: { ok: false, firstBadSeq: 2, problem: 'edited' },
    });
  });
});
