import type { Application, CalendarDate } from '../../../contract/domain/kyc/application';
import { defaultBinTable, type BinTable } from './bin-table';
import { checkBusinessProof } from './business-proof-check';
import { crossApplicationFindings, type ApplicationIndex } from './cross-application';
import { checkDocuments } from './documents-check';
import type { Finding } from '../../../contract/domain/kyc/finding';
import { checkIdNumber } from './id-number-check';
import { checkIdExpiry } from './id-validity-check';
import { plainKeyHasher, type KeyHasher } from './identity-keys';
import { defaultRegions, type Regions } from './regions';
import { checkSettlementCard } from './settlement-card-check';

export interface CheckContext {
  /** The Asia/Shanghai calendar day the review happens on; every date rule counts from it. */
  readonly reviewDate: CalendarDate;
  readonly index: ApplicationIndex;
  readonly binTable?: BinTable;
  readonly regions?: Regions;
  /** Must be the hasher the index was built with. */
  readonly keyHasher?: KeyHasher;
}

/** All automated checks of one application, in the order the reviewer reads them. */
export function runChecks(app: Application, context: CheckContext): Finding[] {
  const { reviewDate } = context;
  return [
    ...checkDocuments(app),
    ...checkIdNumber(app.applicant.idNumber, { reviewDate, regions: context.regions ?? defaultRegions }),
    ...checkIdExpiry(app.applicant, reviewDate),
    ...checkSettlementCard(app.settlementCard, app.applicant, context.binTable ?? defaultBinTable),
    ...checkBusinessProof(app.businessProof, reviewDate),
    ...crossApplicationFindings(app, context.index, context.keyHasher ?? plainKeyHasher),
  ];
}
