export { runConformance, NoTerminalError, CLAUSE_IDS, type ConformanceRun, type EndState } from './runner';
export type { ClauseOutcome, ClauseResult, RunMaterial } from './clause';
