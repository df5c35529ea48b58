export { runConformance, NoTerminalError, CLAUSE_IDS, type ConformanceRun } from './runner';
export type { ClauseOutcome, ClauseResult } from './clause';
