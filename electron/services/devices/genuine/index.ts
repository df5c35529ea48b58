export {
  checkGenuine,
  serialFromBoxCode,
  type GenuineCheckInput,
  type GenuineVerdict,
  type ReportedIdentity,
  type AttestationAnswer,
} from './genuine-check';
export { GENUINE_REASON_CODES, genuineReason, type GenuineReason, type GenuineReasonCode } from './reasons';
export { loadPinnedRoots, PRODUCTION_ROOT_FILE, type PinnedRootsOptions } from './pinned-roots';
