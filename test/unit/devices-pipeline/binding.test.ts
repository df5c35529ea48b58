import fc from 'fast-check';
import { join } from 'node:path';
import { isMaskedCard, limitProfile } from '../../../electron/services/devices/pipeline/binding';
import { createFeesService } from '../../../electron/services/fees/service';

const fees = createFeesService({
  scheduleDir: join(__dirname, '..', '..', '..', 'resources', 'fee-schedules'),
  now: () => Date.UTC(2026, 0, 15),
});

describe('limit profile for binding', () => {
  it('caps every single transaction at 5,000 yuan when the questionnaire was skipped', () => {
    const p = limitProfile(fees, { questionnaireAnswered: false, accountClass: 'I' });
    expect(p.questionnaireAnswered).toBe(false);
    expect(p.limits.map((l) => [l.channel, l.perTransactionFen])).toEqual([
      ['credit', 500_000],
      ['debit', 500_000],
      ['qr', 500_000],
    ]);
    expect(p.id).toMatch(/\/questionnaire-skipped\/class-I$/);
  });

  it('keeps the guide limits when answered: credit 50,000 / 300,000 a day, QR 5,000 / 50,000', () => {
    const p = limitProfile(fees, { questionnaireAnswered: true, accountClass: 'I' });
    expect(p.limits.find((l) => l.channel === 'credit')).toEqual({
      channel: 'credit',
      perTransactionFen: 5_000_000,
      perDayFen: 30_000_000,
    });
    expect(p.limits.find((l) => l.channel === 'qr')).toEqual({
      channel: 'qr',
      perTransactionFen: 500_000,
      perDayFen: 5_000_000,
    });
  });

  it('a class-II settlement account caps each day at 10,000 yuan', () => {
    const p = limitProfile(fees, { questionnaireAnswered: true, accountClass: 'II' });
    for (const l of p.limits) expect(l.perDayFen).toBeLessThanOrEqual(1_000_000);
  });
});

describe('masked card on the wire', () => {
  it('accepts BIN + last four with stars, refuses a full number or one with no star', () => {
    expect(isMaskedCard('622202******0123')).toBe(true);
    expect(isMaskedCard('6222 02** **** 0123')).toBe(true);
    expect(isMaskedCard('6222021234567890123')).toBe(false);
    expect(isMaskedCard('62220212345*67890123')).toBe(false);
    expect(isMaskedCard('622202-****-0123')).toBe(false);
  });

  it('never accepts more than 10 digits whatever the stars', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9* ]{1,30}$/), (card) => {
        if (isMaskedCard(card)) expect(card.replace(/[^0-9]/g, '').length).toBeLessThanOrEqual(10);
      }),
    );
  });
});
