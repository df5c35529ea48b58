import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScheduleFileError, NoScheduleError } from '../../../electron/services/fees/errors';
import {
  bookFromFiles,
  loadScheduleDir,
  NOTICE_DAYS,
  parseScheduleFile,
} from '../../../electron/services/fees/schedule-loader';
import { at, scheduleObject, shippedBook, shippedService, SHIPPED_SCHEDULES, TODAY } from './fixtures';

function parseError(obj: unknown, file = 'bad.json'): ScheduleFileError {
  try {
    parseScheduleFile(JSON.stringify(obj), file);
  } catch (e) {
    if (e instanceof ScheduleFileError) return e;
    throw e;
  }
  throw new Error('expected the schedule to be refused');
}

describe('shipped fee schedules', () => {
  it('load: the 2025 baseline in force and the 0.65% credit change pending as of 2026-11-25', () => {
    const views = shippedService(TODAY).schedules();
    expect(views.map((v) => [v.id, v.status])).toEqual([
      ['2025-baseline', 'in_force'],
      ['2026-12-credit-0.65', 'pending'],
    ]);
    const pending = views[1]!;
    expect(pending.announcedAt).toBe('2026-11-10T09:00:00+08:00');
    expect(pending.effectiveAt).toBe('2026-12-15T00:00:00+08:00');
    expect(pending.noticeDays).toBeGreaterThanOrEqual(NOTICE_DAYS);
    expect(pending.rates.credit).toMatchObject({ ppm: 6500, percent: '0.65%', fixedFen: 300, capFen: null });
    expect(views[0]!.rates.debit).toMatchObject({ ppm: 5000, percent: '0.5%', capFen: 2000 });
    expect(views[0]!.limits.debit).toEqual({ perTransactionFen: null, perDayFen: null });
  });

  it('once the change takes effect, the baseline is superseded', () => {
    const views = shippedService(at('2026-12-20T00:00:00+08:00')).schedules();
    expect(views.map((v) => v.status)).toEqual(['superseded', 'in_force']);
  });

  it('price a transaction by the version in force at its time', () => {
    const book = shippedBook();
    expect(book.inForceAt(at('2025-01-01T00:00:00+08:00')).id).toBe('2025-baseline');
    expect(book.inForceAt(at('2026-12-14T23:59:59.999+08:00')).id).toBe('2025-baseline');
    expect(book.inForceAt(at('2026-12-15T00:00:00+08:00')).id).toBe('2026-12-credit-0.65');
    expect(book.inForceAt(at('2026-12-14T16:00:00Z')).id).toBe('2026-12-credit-0.65');
    expect(() => book.inForceAt(at('2024-12-31T23:59:59+08:00'))).toThrow(NoScheduleError);
  });
});

describe('schedule validation', () => {
  it(`refuses a version announced fewer than ${NOTICE_DAYS} days before it takes effect`, () => {
    const obj = scheduleObject();
    obj.announcedAt = '2025-01-02T00:00:00.001+08:00';
    obj.effectiveAt = '2025-02-01T00:00:00+08:00';
    const error = parseError(obj);
    expect(error.field).toBe('effectiveAt');
    expect(error.message).toMatch(/bad\.json: effectiveAt: takes effect 29 day\(s\) after it was announced/);
  });

  it('accepts exactly 30 days of notice', () => {
    const obj = scheduleObject();
    obj.announcedAt = '2025-01-02T00:00:00+08:00';
    obj.effectiveAt = '2025-02-01T00:00:00+08:00';
    expect(parseScheduleFile(JSON.stringify(obj), 'ok.json').id).toBe('test-v1');
  });

  it.each([
    ['rates.credit.ppm', (o: ReturnType<typeof scheduleObject>) => void (o.rates.credit!.ppm = 0.6)],
    ['rates.debit.capFen', (o: ReturnType<typeof scheduleObject>) => void (o.rates.debit!.capFen = -1)],
    ['rates.qr', (o: ReturnType<typeof scheduleObject>) => void delete o.rates.qr],
    [
      'limits.classII.perYearFen',
      (o: ReturnType<typeof scheduleObject>) => void delete o.limits.classII!.perYearFen,
    ],
    ['effectiveAt', (o: ReturnType<typeof scheduleObject>) => void (o.effectiveAt = '2025-02-01 00:00')],
    ['id', (o: ReturnType<typeof scheduleObject>) => void (o.id = 'has space')],
    [
      'rates.credit.fixedfen',
      (o: ReturnType<typeof scheduleObject>) => void (o.rates.credit!.fixedfen = 300),
    ],
  ])('names the field at fault: %s', (field, bend) => {
    const obj = scheduleObject();
    bend(obj);
    const error = parseError(obj, 'resources/fee-schedules/broken.json');
    expect(error.file).toBe('resources/fee-schedules/broken.json');
    expect(error.field).toBe(field);
    expect(error.message.startsWith(`resources/fee-schedules/broken.json: ${field}:`)).toBe(true);
  });

  it('names the file when it is not JSON', () => {
    expect(() => parseScheduleFile('{ "id": ', 'x.json')).toThrow(/^x\.json: \(file\): not valid JSON/);
  });

  it('refuses two versions with the same id or the same effective instant', () => {
    const a = scheduleObject();
    const b = scheduleObject();
    b.effectiveAt = '2025-03-01T00:00:00+08:00';
    expect(() =>
      bookFromFiles([
        { file: 'a.json', text: JSON.stringify(a) },
        { file: 'b.json', text: JSON.stringify(b) },
      ]),
    ).toThrow(/b\.json: id: 'test-v1' is also the id of a\.json/);
    b.id = 'test-v2';
    b.effectiveAt = a.effectiveAt;
    expect(() =>
      bookFromFiles([
        { file: 'a.json', text: JSON.stringify(a) },
        { file: 'b.json', text: JSON.stringify(b) },
      ]),
    ).toThrow(/b\.json: effectiveAt: takes effect at the same instant as a\.json/);
  });

  it('stops loading a directory at a bad file, naming it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fee-schedules-'));
    for (const name of readdirSync(SHIPPED_SCHEDULES).filter((n) => n.endsWith('.json'))) {
      copyFileSync(join(SHIPPED_SCHEDULES, name), join(dir, name));
    }
    expect(loadScheduleDir(dir).versions).toHaveLength(2);
    const bad = scheduleObject();
    bad.rates.debit!.ppm = 'half a percent';
    writeFileSync(join(dir, 'zz-bad.json'), JSON.stringify(bad));
    expect(() => loadScheduleDir(dir)).toThrow(/zz-bad\.json: rates\.debit\.ppm:/);
  });
});

describe('shipped schedule files', () => {
  it("the 0.65% change's comment states the notice it really gives", () => {
    const file = JSON.parse(readFileSync(join(SHIPPED_SCHEDULES, '2026-12-credit-0.65.json'), 'utf8')) as {
      $comment: string;
      announcedAt: string;
      effectiveAt: string;
    };
    const gapMs = at(file.effectiveAt) - at(file.announcedAt);
    const days = Math.floor(gapMs / 86_400_000);
    const hours = (gapMs - days * 86_400_000) / 3_600_000;
    expect(file.$comment).toContain(`Announced ${days} days ${hours} hours ahead`);
  });
});
