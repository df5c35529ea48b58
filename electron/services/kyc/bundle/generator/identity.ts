import { LONG_TERM, type CalendarDate } from '../../../../contract/domain/kyc/application';
import { addDays, addMonths, addYears, ageOn } from '../../checks/civil-date';
import { buildIdNumber } from '../../checks/gb11643';
import { expectedValidityYears } from '../../checks/id-validity-check';
import type { Regions } from '../../checks/regions';
import type { Random } from './random';

export interface GeneratedIdentity {
  readonly idNumber: string;
  readonly validFrom: CalendarDate;
  readonly validTo: CalendarDate | typeof LONG_TERM;
  readonly provinceName: string;
  readonly countyName: string;
}

/** Ages of generated applicants on the review date. */
const MIN_AGE = 19;
const MAX_AGE = 68;
/** Good IDs expire at least this long after the 6-month minimum, so they stay good for a while. */
const GOOD_EXPIRY_MARGIN_DAYS = 45;

/**
 * A valid GB 11643 number from a real county code, with a validity period that matches the age
 * at issue. `expired` gives a card that ran out within the last year (a properly issued, old card).
 */
export function generateIdentity(
  rng: Random,
  regions: Regions,
  reviewDate: CalendarDate,
  expired: boolean,
): GeneratedIdentity {
  const province = rng.pick(regions.provinces.filter((p) => (p.counties ?? []).length > 0));
  const county = rng.pick(province.counties ?? []);
  const goodFrom = addDays(addMonths(reviewDate, 6), GOOD_EXPIRY_MARGIN_DAYS);
  // Some ages admit no card that expired within the last year (issued at 16 for 10 years,
  // the next renewal still ahead): such a birth date is simply drawn again.
  for (let attempt = 0; attempt < 1000; attempt += 1) {
    const birth = addDays(addYears(reviewDate, -rng.int(MIN_AGE, MAX_AGE)), -rng.int(0, 364));
    const base = {
      idNumber: buildIdNumber(county.code, birth, rng.int(1, 999)),
      provinceName: province.nameZh,
      countyName: county.nameZh,
    };
    if (expired) {
      const validTo = addDays(reviewDate, -rng.int(1, 365));
      for (const years of [5, 10, 20]) {
        const validFrom = addYears(validTo, -years);
        if (validFrom > birth && expectedValidityYears(ageOn(birth, validFrom)) === years) {
          return { ...base, validFrom, validTo };
        }
      }
    } else {
      const validFrom = addDays(reviewDate, -rng.int(10, 20 * 365));
      if (validFrom <= birth || ageOn(birth, validFrom) < 16) continue;
      const years = expectedValidityYears(ageOn(birth, validFrom));
      if (years === LONG_TERM) return { ...base, validFrom, validTo: LONG_TERM };
      const validTo = addYears(validFrom, years);
      if (validTo >= goodFrom) return { ...base, validFrom, validTo };
    }
  }
  // Unreachable for the age range above; a loud failure beats a silently wrong test bundle.
  throw new Error('could not place an ID validity period');
}
