import { QuoteCalculator } from './QuoteCalculator';
import { ScheduleVersions } from './ScheduleVersions';
import { LedgerCheck } from './LedgerCheck';

export function FeesWorkspace() {
  return (
    <>
      <QuoteCalculator />
      <ScheduleVersions />
      <LedgerCheck />
    </>
  );
}
