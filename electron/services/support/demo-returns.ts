import { CalendarRangeError } from '../calendar/working-day-calendar';
import type { DemoReturnFault } from '../devices/demo/demo-terminals';
import type { Freezes } from '../devices/registry/freezes';
import type { IntakeInput } from './cases';
import type { SupportService } from './service';
import { DEMO_ACTOR } from './demo-actor';

/**
 * Demo mode's returned units, which are real simulated terminals on the demo ports (unlike the
 * seeded cases of demo-seed.ts, whose serials no station here knows): each fault's unit gets the
 * case a support person would have opened when the parcel arrived, so a diagnosis on its port
 * finds the fault; the lost one, handed in at the counter by a finder, is frozen, so it takes FREEZE
 * and its page orders custody.
 * Seeded once per data directory, all or nothing.
 */
const SEEDED_KEY = 'support.demo_returns_seeded';

type Intake = Omit<IntakeInput, 'scanned'>;
const INTAKES: Record<Exclude<DemoReturnFault, 'counterfeit'>, Intake & { diagnosing?: boolean }> = {
  card_reader: {
    merchantId: 'M-DEMO-11',
    merchantPhone: '13611112222',
    courierNumber: 'SF1402270001111',
    symptom: 'card_reader',
    accessories: ['charger', 'cable'],
    note: '插卡、挥卡都没反应，扫码收款正常',
    diagnosing: true,
  },
  battery: {
    merchantId: 'M-DEMO-12',
    merchantPhone: '13622223333',
    courierNumber: 'YT7788990022',
    symptom: 'no_power',
    accessories: ['charger'],
    note: '充满电只能用两三个小时，出摊到下午就自动关机',
  },
  tampered: {
    merchantId: 'M-DEMO-13',
    merchantPhone: '13633334444',
    courierNumber: 'JD0012345699',
    symptom: 'screen',
    accessories: [],
    note: '屏幕提示安全警告，不能交易；商户说曾找街边店修过',
  },
  rolled_back: {
    merchantId: 'M-DEMO-14',
    merchantPhone: '13644445555',
    courierNumber: 'SF1402270004444',
    symptom: 'network_sim',
    accessories: ['charger', 'cable', 'box'],
    note: '自动升级后重启，版本号变回旧的，之后连不上网',
  },
  lost: {
    merchantId: 'M-DEMO-16',
    merchantPhone: '13666667777',
    symptom: 'lost_then_found',
    accessories: [],
    note: '路人拾到送到柜台；商户此前已挂失，终端已冻结：扣留，不得交还',
  },
};

/** Seeds once; returns why it could not (a demo date past the working-day calendar), or null. */
export function seedDemoReturns(
  support: SupportService,
  freezes: Freezes,
  returned: readonly { readonly serial: string; readonly fault: DemoReturnFault }[],
): string | null {
  const seeded = support.db
    .prepare('SELECT value FROM station_settings WHERE key = ?')
    .pluck()
    .get(SEEDED_KEY);
  if (seeded !== undefined) return null;
  try {
    seed(support, freezes, returned);
    return null;
  } catch (error) {
    if (error instanceof CalendarRangeError) return error.message;
    throw error;
  }
}

function seed(
  { db, cases }: SupportService,
  freezes: Freezes,
  returned: readonly { readonly serial: string; readonly fault: DemoReturnFault }[],
): void {
  db.transaction(() => {
    for (const { serial, fault } of returned) {
      // The counterfeit is the unit the support desk opens a case for itself (the diagnosis demo).
      if (fault === 'counterfeit') continue;
      if (fault === 'lost') freezes.freeze(serial, '商户来电挂失：在集市丢失（演示）', DEMO_ACTOR);
      const { diagnosing, ...intake } = INTAKES[fault];
      const opened = cases.intake({ scanned: serial, ...intake }, DEMO_ACTOR);
      if (diagnosing) cases.move(opened.id, 'diagnosing', undefined, DEMO_ACTOR);
    }
    db.prepare('INSERT INTO station_settings (key, value) VALUES (?, ?)').run(SEEDED_KEY, cases.now());
  })();
}
