import { afterEach, describe, expect, it } from 'vitest';
import type { CallContext, Operator } from '../../../electron/contract/context';
import { createDispatcher, type HandlerTable } from '../../../electron/contract/dispatch';
import { supportCalls } from '../../../electron/contract/support';
import { createAnnounceHandlers, createSupportHandlers } from '../../../electron/services/support/handlers';
import { supportAnnounceCalls } from '../../../electron/contract/support-announce';
import { admin, support1, support2, supportFixture } from './fixture';

const errors: unknown[] = [];
afterEach(() => {
  expect(errors).toEqual([]);
  errors.length = 0;
});

function station() {
  const f = supportFixture();
  const dispatch = createDispatcher(
    supportCalls,
    createSupportHandlers(f.service) as unknown as HandlerTable,
    {
      error: (_m, detail) => errors.push(detail),
    },
  );
  const as = (operator: Operator | null): CallContext => ({ operator, sessionId: 's', via: 'host' });
  return {
    f,
    call: (name: string, input: unknown, who: Operator | null = support1) => dispatch(name, input, as(who)),
  };
}

const warehouse: Operator = { id: 'w', username: 'w1', displayName: 'W', role: 'warehouse' };

describe('support contract', () => {
  it('every call is for support and admin only', async () => {
    const { call } = station();
    for (const name of Object.keys(supportCalls)) {
      expect(await call(name, {}, null)).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
      expect(await call(name, {}, warehouse)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
  });

  it('a rate change is announced by the support lead or an administrator; support and warehouse are refused', async () => {
    const f = supportFixture('2026-11-10T09:00:00+08:00');
    const dispatch = createDispatcher(
      supportAnnounceCalls,
      createAnnounceHandlers({
        db: f.db,
        audit: f.audit,
        clock: f.service.clock,
        book: f.service.fees.book,
      }) as unknown as HandlerTable,
      { error: (_m, detail) => errors.push(detail) },
    );
    const as = (operator: Operator): CallContext => ({ operator, sessionId: 's', via: 'host' });
    const lead: Operator = { id: 'l', username: 'lead', displayName: 'L', role: 'support_lead' };
    for (const who of [support1, warehouse]) {
      expect(await dispatch('support.rateChanges', {}, as(who))).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
      expect(
        await dispatch('support.announceRateChange', { version: '2026-12-credit-0.65' }, as(who)),
      ).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(f.db.prepare('SELECT count(*) AS n FROM notice_outbox').get()).toEqual({ n: 0 });
    expect(await dispatch('support.announceRateChange', { version: ' ' }, as(lead))).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', field: 'version' },
    });
    expect(await dispatch('support.rateChanges', {}, as(lead))).toMatchObject({ ok: true });
    expect(await dispatch('support.rateChanges', {}, as(admin))).toMatchObject({ ok: true });
  });

  it('a waiver above the limit is approved by an administrator, never by support', async () => {
    const { call } = station();
    const opened = await call('support.intake', { scanned: 'PSM1A0000001', symptom: 'dropped_or_wet' });
    expect(opened).toMatchObject({
      ok: true,
      value: { state: 'received', nextStates: ['diagnosing'], decisions: [] },
    });
    const id = (opened as { value: { id: string } }).value.id;
    await call('support.move', { caseId: id, to: 'diagnosing' });
    const waiting = await call('support.move', { caseId: id, to: 'awaiting_decision' });
    expect(waiting).toMatchObject({
      ok: true,
      value: { decisions: ['repair', 'replace', 'refurbish', 'scrap'] },
    });
    expect(
      await call('support.decide', { caseId: id, decision: 'repair', cause: 'user_damage' }),
    ).toMatchObject({
      ok: true,
      value: { chargeFen: 10_000, payableFen: 10_000 },
    });
    expect(
      await call('support.requestWaiver', { caseId: id, amount: '100', reason: '长期合作商户' }),
    ).toMatchObject({
      ok: true,
      value: { waiverState: 'pending', payableFen: 10_000 },
    });
    expect(await call('support.approveWaiver', { caseId: id })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await call('support.approveWaiver', { caseId: id }, admin)).toMatchObject({
      ok: true,
      value: { waiverState: 'approved', payableFen: 0 },
    });
    const receipt = await call('support.receipt', { caseId: id });
    expect(receipt).toMatchObject({ ok: true });
    const html = (receipt as { value: { html: string } }).value.html;
    expect(html).toContain('100.00 元');
    expect(html).toContain('人为损坏维修费');
    expect(html).toContain('实收金额</th><td>0.00 元');
  });

  it('a charge cannot come from the screen: the decide call has no amount', async () => {
    const { call } = station();
    const answer = await call('support.decide', {
      caseId: 'X',
      decision: 'repair',
      cause: 'wear',
      chargeFen: 1,
    });
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'chargeFen' } });
  });

  it('an illegal move answers conflict with the reason code the screen translates', async () => {
    const { call } = station();
    const opened = (await call('support.intake', { scanned: 'PSM1A0000001', symptom: 'screen' })) as {
      value: { id: string };
    };
    expect(await call('support.move', { caseId: opened.value.id, to: 'restocked' })).toMatchObject({
      ok: false,
      error: { code: 'conflict', reason: 'support.transition.refused', field: 'to' },
    });
  });

  it('a bad ledger row is invalid input naming the row; the case page shows the unit life', async () => {
    const { call, f } = station();
    expect(
      await call('support.explain', {
        csv: 'time,merchant,channel,amount\n2026-11-02T09:00:00+08:00,A,cash,1.00\n',
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', field: 'csv', reason: 'support.ledger.invalid' },
    });
    f.register('PSM1A0000001');
    const opened = (await call('support.intake', { scanned: 'PSM1A0000001', symptom: 'printer' })) as {
      value: { id: string };
    };
    expect(await call('support.case', { caseId: opened.value.id })).toMatchObject({
      ok: true,
      value: { unit: { registry: { batch: 'B2026-01' }, cases: [{ id: opened.value.id }] } },
    });
  });

  it('the case page names who did each step by their display name; a name without an account stays as recorded', async () => {
    const { f, call } = station();
    // support1 has an account here; support2's steps came from a desk this station holds none for.
    f.db
      .prepare(
        "INSERT INTO operators (id, username, display_name, role, password_hash, created_at) VALUES ('op-s1', 'support1', '刘售后', 'support', 'x', '2026-11-01T09:00:00+08:00')",
      )
      .run();
    const opened = (await call('support.intake', { scanned: 'PSM1A0000001', symptom: 'printer' })) as {
      value: { id: string };
    };
    await call('support.move', { caseId: opened.value.id, to: 'diagnosing' }, support2);
    const page = (await call('support.case', { caseId: opened.value.id })) as {
      value: { case: { receivedByName: string; steps: { actor: string; actorName: string }[] } };
    };
    expect(page.value.case.receivedByName).toBe('刘售后');
    expect(page.value.case.steps.map((s) => [s.actor, s.actorName])).toEqual([
      ['support1', '刘售后'],
      ['support2', 'support2'],
    ]);
  });
});
