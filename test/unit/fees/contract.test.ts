import type { CallContext } from '../../../electron/contract/context';
import { createDispatcher } from '../../../electron/contract/dispatch';
import { feesCalls, MAX_LEDGER_TEXT_CHARS } from '../../../electron/contract/fees';
import { CHANNELS, QR_SUB_CHANNELS } from '../../../electron/contract/domain/fees/channels';
import { createFeesHandlers } from '../../../electron/services/fees/handlers';
import { shippedService } from './fixtures';

const signedIn: CallContext = {
  operator: { id: 'u1', username: 'li', displayName: 'Li', role: 'support' },
  sessionId: 's1',
  via: 'host',
};
const errors: unknown[] = [];
const dispatch = createDispatcher(feesCalls, createFeesHandlers(shippedService()), {
  error: (_message, detail) => errors.push(detail),
});

afterEach(() => {
  expect(errors).toEqual([]);
});

describe('fees contract', () => {
  it('every call needs a signed-in operator', async () => {
    for (const name of Object.keys(feesCalls)) {
      const answer = await dispatch(name, {}, { operator: null, sessionId: null, via: 'host' });
      expect(answer).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    }
  });

  it('fees.quote: the guide example with everything the UI shows, JSON-safe', async () => {
    const answer = await dispatch(
      'fees.quote',
      { channel: 'credit', amount: '100.00', at: '2026-11-25T14:00:00+08:00' },
      signedIn,
    );
    expect(answer).toEqual({
      ok: true,
      value: {
        amountFen: 10_000,
        feeFen: 360,
        netFen: 9_640,
        percentagePartFen: 60,
        fixedPartFen: 300,
        capped: false,
        flagged: false,
        scheduleVersion: '2025-baseline',
        channel: 'credit',
        qrSubChannel: null,
        at: '2026-11-25T14:00:00+08:00',
        settlement: { mode: 't1', at: '2026-11-26T10:00:00+08:00' },
        allowed: true,
        reason: null,
        headroomFen: 5_000_000,
        bindingLimit: 'limit.credit.per_transaction',
      },
    });
    expect(JSON.parse(JSON.stringify(answer))).toEqual(answer);
  });

  it('fees.quote: defaults the time to now and takes limit usage into account', async () => {
    const answer = await dispatch(
      'fees.quote',
      {
        channel: 'qr',
        qrSubChannel: 'wechat',
        amount: '3000',
        instant: true,
        usage: { channelDayFen: 4_800_000, dayFen: 4_800_000, yearFen: 4_800_000 },
      },
      signedIn,
    );
    expect(answer).toMatchObject({
      ok: true,
      value: {
        at: '2026-11-25T12:00:00+08:00',
        settlement: { mode: 'instant', at: '2026-11-25T12:02:00+08:00' },
        allowed: false,
        reason: 'limit.qr.per_day',
        headroomFen: 200_000,
      },
    });
  });

  it.each([
    [{ channel: 'credit', amount: '100.001' }, 'amount'],
    [{ channel: 'credit', amount: '-1' }, 'amount'],
    [{ channel: 'credit', amount: '0.00' }, 'amount'],
    [{ channel: 'credit', amount: 100 }, 'amount'],
    [{ channel: 'cash', amount: '1' }, 'channel'],
    [{ channel: 'qr', qrSubChannel: 'paypal', amount: '1' }, 'qrSubChannel'],
    [{ channel: 'credit', amount: '1', at: 'yesterday' }, 'at'],
    [{ channel: 'credit', amount: '1', at: '2026-02-30T10:00:00+08:00' }, 'at'],
    [{ channel: 'credit', amount: '1', at: '2024-06-01T10:00:00+08:00' }, 'at'],
    [
      { channel: 'credit', amount: '1', usage: { channelDayFen: -1, dayFen: 0, yearFen: 0 } },
      'usage.channelDayFen',
    ],
  ])('fees.quote refuses %j naming %s', async (input, field) => {
    const answer = await dispatch('fees.quote', input, signedIn);
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_input', field } });
  });

  it.each([
    ['0', 'amount.not_positive'],
    ['0.00', 'amount.not_positive'],
    ['99999999999', 'amount.too_large'],
  ])('fees.quote refuses amount %s with a reason code the screen translates', async (amount, reason) => {
    const answer = await dispatch('fees.quote', { channel: 'credit', amount }, signedIn);
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'amount', reason } });
  });

  it('fees.quote refuses unknown fields, naming them in the message', async () => {
    const answer = await dispatch('fees.quote', { channel: 'credit', amount: '1', extra: true }, signedIn);
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    if (!answer.ok) expect(answer.error.message).toMatch(/extra/);
  });

  it('fees.quote past the working-day calendar is unavailable, with a reason code', async () => {
    const answer = await dispatch(
      'fees.quote',
      { channel: 'credit', amount: '1', at: '2026-12-31T12:00:00+08:00' },
      signedIn,
    );
    expect(answer).toMatchObject({
      ok: false,
      error: { code: 'unavailable', reason: 'calendar.out_of_range', field: 'at' },
    });
  });

  it('fees.schedules lists the versions with the pending change and the calendar coverage', async () => {
    const answer = await dispatch('fees.schedules', {}, signedIn);
    expect(answer).toMatchObject({
      ok: true,
      value: {
        now: '2026-11-25T12:00:00+08:00',
        versions: [
          { id: '2025-baseline', status: 'in_force' },
          { id: '2026-12-credit-0.65', status: 'pending' },
        ],
        calendar: { coversUntil: '2026-12-31' },
      },
    });
  });

  it('fees.checkLedger reports breaches, lists every bad row, and names a bad header', async () => {
    const csv = 'time,merchant,channel,amount\n2026-03-02T09:00:00+08:00,M,qr,5000.01\n';
    expect(await dispatch('fees.checkLedger', { csv }, signedIn)).toMatchObject({
      ok: true,
      value: {
        status: 'checked',
        rows: 1,
        refusedRows: 1,
        breaches: [{ row: 2, reason: 'limit.qr.per_transaction', headroomFen: 500_000 }],
      },
    });
    const bad = await dispatch(
      'fees.checkLedger',
      { csv: `${csv}2026-03-02T09:00:00+08:00,M,qr,x\n2026-03-02T09:00:00+08:00,M,cash,1\n` },
      signedIn,
    );
    expect(bad).toMatchObject({
      ok: true,
      value: {
        status: 'invalid',
        errorCount: 2,
        errors: [
          { row: 3, field: 'amount', reason: 'ledger.amount.invalid', value: 'x' },
          { row: 4, field: 'channel', reason: 'ledger.channel.unknown', value: 'cash' },
        ],
      },
    });
    expect(JSON.stringify(bad)).toMatch(/ledger row 3, field 'amount'/);
    expect(await dispatch('fees.checkLedger', { csv: 'time,merchant,amount\n' }, signedIn)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', field: 'csv', reason: 'ledger.header.missing_column' },
    });
    expect(await dispatch('fees.checkLedger', { csv, version: 'v9' }, signedIn)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', field: 'version' },
    });
  });

  it('fees.checkLedger bounds the text it accepts', async () => {
    const answer = await dispatch(
      'fees.checkLedger',
      { csv: 'x'.repeat(MAX_LEDGER_TEXT_CHARS + 1) },
      signedIn,
    );
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'csv' } });
  });

  it('fees.limits: the tighter per-transaction limit and class-II caps', async () => {
    expect(
      await dispatch(
        'fees.limits',
        { channel: 'debit', questionnaireSkipped: true, accountClass: 'II' },
        signedIn,
      ),
    ).toEqual({
      ok: true,
      value: {
        scheduleVersion: '2025-baseline',
        perTransactionFen: 500_000,
        perTransactionReason: 'limit.questionnaire_skipped.per_transaction',
        perDayFen: null,
        classIIPerDayFen: 1_000_000,
        classIIPerYearFen: 20_000_000,
      },
    });
    expect(await dispatch('fees.limits', { channel: 'credit' }, signedIn)).toMatchObject({
      ok: true,
      value: {
        perTransactionFen: 5_000_000,
        perTransactionReason: 'limit.credit.per_transaction',
        perDayFen: 30_000_000,
        classIIPerDayFen: null,
      },
    });
  });

  it('the contract enums are the engine’s', () => {
    expect(feesCalls['fees.quote'].input.shape.channel.options).toEqual([...CHANNELS]);
    expect(feesCalls['fees.quote'].input.shape.qrSubChannel.unwrap().options).toEqual([...QR_SUB_CHANNELS]);
  });
});
