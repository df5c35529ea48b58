import type { Identity } from '../../../../native/client/terminal-client';
import { GENUINE_REASON_CODES, type GenuineReasonCode } from '../genuine/reasons';
import type { EvidenceStore, Failure } from '../evidence/evidence-store';
import { isMaskedCard, type ApplicationSource, type ApprovedApplication } from './binding';
import { PipelineStop, stationFailure } from './failures';
import type { RunContext } from './run-context';
import type { RegistryReader } from '../registry/registry-entry';

/**
 * Genuine-check refusals that can be cleared: by the warehouse (re-scan the right box, import the
 * manufacturer manifest) or by support (unfreeze, re-register). Every other refusal — counterfeit,
 * clone, tampered, test or sample unit, and any reason added later — locks the unit in quarantine:
 * pressing Start again cannot change it.
 */
const CLEARABLE_CODES: ReadonlySet<GenuineReasonCode> = new Set<GenuineReasonCode>([
  'serial_mismatch_scanned',
  'registry_revoked',
  'registry_unknown',
  'registry_frozen',
  'registry_model_mismatch',
  'device_frozen',
]);

/** The genuine check's refusals of a frozen unit. */
const FROZEN_CODES: ReadonlySet<string> = new Set(['registry_frozen', 'device_frozen']);

export function isQuarantineCode(code: string): boolean {
  return (
    (GENUINE_REASON_CODES as readonly string[]).includes(code) &&
    !CLEARABLE_CODES.has(code as GenuineReasonCode)
  );
}

/**
 * Why this unit may not be provisioned by pressing Start, or null: support froze it and a genuine
 * check has already refused it for that here (it is kept for custody, never handed back; the first
 * check runs so that a counterfeit carrying a frozen serial is named as one), it is a returned unit
 * with an open after-sales case (`openCaseOf`), it was scrapped, it was shipped and not refurbished
 * since (re-working it is a refurbish, a support action), it
 * is bound to another application, or its last genuine check locked it in quarantine.
 * `boundApplicationId` is what the unit itself reports ('' = not bound).
 */
export function unitLock(
  ev: Pick<EvidenceStore, 'shipmentOfSerial' | 'lastVerdict' | 'latestRestock'>,
  unit: { readonly serial: string; readonly boundApplicationId?: string },
  applicationId: string | null,
  registry?: RegistryReader,
  openCaseOf?: (serial: string) => string | undefined,
): Failure | null {
  const entry = registry?.lookup(unit.serial);
  const refused = ev.lastVerdict(unit.serial);
  if (entry?.status === 'frozen' && refused && FROZEN_CODES.has(refused.code))
    return stationFailure('identify', 'frozen_custody', entry.statusReason ?? '');
  const returned = openCaseOf?.(unit.serial);
  if (returned !== undefined) return stationFailure('identify', 'with_support', returned);
  const restocked = ev.latestRestock(unit.serial);
  if (restocked?.kind === 'scrapped')
    return stationFailure('identify', 'scrapped', `${unit.serial} scrapped ${restocked.at}`);
  const shipped = ev.shipmentOfSerial(unit.serial);
  // A unit refurbished after it was shipped is stock again.
  if (shipped && !(restocked && restocked.at >= shipped.shippedAt))
    return stationFailure('identify', 'already_shipped', `${unit.serial} shipped ${shipped.shippedAt}`);
  const bound = unit.boundApplicationId ?? '';
  // A unit bound to this very application by a run that stopped later may finish that job.
  if (bound !== '' && bound !== applicationId) return stationFailure('identify', 'already_bound', bound);
  const verdict = ev.lastVerdict(unit.serial);
  if (verdict && !verdict.genuine && isQuarantineCode(verdict.code))
    return stationFailure('identify', 'quarantined', `${verdict.code}, run ${verdict.runId}`);
  return null;
}

/** The application to bind, checked before anything is written: approved, masked card, not yet shipped with another unit. */
export function checkApplication(
  applications: ApplicationSource,
  ev: Pick<EvidenceStore, 'shipmentOfApplication'>,
  applicationId: string,
  serial: string | null,
): { application: ApprovedApplication } | { failure: Failure } {
  const application = applications.approved(applicationId);
  if (!application) return { failure: stationFailure('identify', 'application_not_approved', applicationId) };
  if (!isMaskedCard(application.settlementCardMasked))
    return { failure: stationFailure('identify', 'card_not_masked', application.id) };
  const shipped = ev.shipmentOfApplication(application.id);
  if (shipped && shipped.serial !== serial)
    return {
      failure: stationFailure('identify', 'application_taken', `${application.id} → ${shipped.serial}`),
    };
  return { application };
}

/**
 * The pipeline's gate right after IDENTITY: the unit is not locked and the application (if any) may
 * be bound to it. Returns the application.
 */
export function admit(ctx: RunContext, id: Identity): ApprovedApplication | null {
  const { request, deps, ev } = ctx;
  const lock = unitLock(ev, id, request.applicationId, deps.registry);
  if (lock) throw new PipelineStop('refused', lock);
  if (request.applicationId === null) return null;
  const checked = checkApplication(deps.applications, ev, request.applicationId, id.serial);
  if ('failure' in checked) throw new PipelineStop('refused', checked.failure);
  return checked.application;
}

/**
 * Production: nothing is written to a unit whose box was not scanned (the genuine check compared a
 * scanned box with the certificate and the unit). After the genuine check, so a counterfeit is
 * named as one first; it stops the run before the flash.
 */
export function requireBox(ctx: RunContext, serial: string): void {
  if ((ctx.deps.requireBoxScan ?? true) && ctx.request.scannedSerial === undefined)
    throw new PipelineStop('refused', stationFailure('flash', 'box_not_scanned', serial));
}
