import { z } from 'zod';
import { defineCall, defineEvent, PROVISIONING_ROLES, SUPPORT_ROLES, type Role } from './define';
import {
  EVIDENCE_OUTCOMES,
  EVIDENCE_STEPS,
  PIPELINE_STEPS,
  RUN_STATUSES,
} from './domain/devices/provisioning';
import { MANIFEST_FILE_ERRORS } from './domain/devices/manifest-errors';

/**
 * The Provisioning workspace: the live board of terminals on this station's ports, genuine checks,
 * flashing, binding, evidence, firmware images and the device registry. Times are ISO-8601 +08:00.
 */

const WAREHOUSE: readonly Role[] = PROVISIONING_ROLES;
const SUPPORT: readonly Role[] = SUPPORT_ROLES;

const sentence = z.object({ zh: z.string(), en: z.string() });
const phase = z.enum(PIPELINE_STEPS);
/** Where a unit on the board stands; the pool's states, shared so the two cannot drift apart. */
export const UNIT_STATES = [
  'probing',
  'idle',
  'running',
  'paused',
  'succeeded',
  'refused',
  'failed',
  'detached',
] as const;
const unitState = z.enum(UNIT_STATES);
const progress = z.object({
  bytesDone: z.number().int().nonnegative(),
  bytesTotal: z.number().int().nonnegative(),
  /** Over a sliding window of the last few seconds. */
  bytesPerSec: z.number().int().nonnegative(),
  etaSeconds: z.number().int().nonnegative().nullable(),
  retries: z.number().int().nonnegative(),
});
const failure = sentence.extend({ step: z.string(), code: z.string() });

export const boardUnitSchema = z.object({
  /** Stable id of the port: the USB location when known, else the port path. */
  portId: z.string(),
  label: z.string(),
  portPath: z.string().nullable(),
  usbLocation: z.string().nullable(),
  state: unitState,
  phase: phase.nullable(),
  serial: z.string().nullable(),
  model: z.string().nullable(),
  mode: z.string().nullable(),
  firmwareVersion: z.string().nullable(),
  scannedSerial: z.string().nullable(),
  /** The approved application picked for this unit (one per unit); its next run binds it. */
  applicationId: z.string().nullable(),
  progress: progress.nullable(),
  /** Green or red, with the reason in words. */
  verdict: sentence.extend({ genuine: z.boolean(), code: z.string() }).nullable(),
  failure: failure.nullable(),
  runId: z.string().nullable(),
  queue: z.boolean(),
  /** Why Start is refused (already shipped, bound elsewhere, quarantined), in words; null = may start. */
  lock: sentence.extend({ code: z.string() }).nullable(),
});

const serialInput = z
  .string()
  .trim()
  .min(1, 'scan or type the serial')
  .max(512, 'must be at most 512 characters');

const jsonValue: z.ZodType<unknown> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(jsonValue),
    z.record(z.string(), jsonValue),
  ]),
);

const runSchema = z.object({
  id: z.string(),
  serial: z.string().nullable(),
  model: z.string().nullable(),
  port: z.string(),
  usbLocation: z.string().nullable(),
  operator: z.string(),
  stationId: z.string(),
  applicationId: z.string().nullable(),
  imageSha256: z.string().nullable(),
  imageVersion: z.string().nullable(),
  status: z.enum(RUN_STATUSES),
  failedStep: z.string().nullable(),
  failureCode: z.string().nullable(),
  failureZh: z.string().nullable(),
  failureEn: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});

export const evidenceSheetSchema = z.object({
  run: runSchema,
  evidence: z
    .array(
      z.object({
        seq: z.number().int(),
        step: z.enum(EVIDENCE_STEPS),
        outcome: z.enum(EVIDENCE_OUTCOMES),
        actor: z.string(),
        at: z.string(),
        data: z.record(z.string(), jsonValue),
      }),
    )
    .readonly(),
  shipment: z
    .object({
      id: z.string(),
      runId: z.string(),
      serial: z.string(),
      applicationId: z.string().nullable(),
      settlementCardMasked: z.string().nullable(),
      limitProfile: z.string().nullable(),
      imageSha256: z.string(),
      operator: z.string(),
      shippedAt: z.string(),
    })
    .nullable(),
});

const evidenceTarget = z.union([
  z.strictObject({ runId: z.string().min(1) }),
  z.strictObject({ serial: serialInput }),
]);

export const firmwareImageSchema = z.object({
  id: z.string(),
  file: z.string(),
  model: z.string(),
  version: z.string(),
  securityCounter: z.number().int(),
  payloadSize: z.number().int(),
  blockSize: z.number().int(),
  imageSha256: z.string(),
  signerKeyId: z.string(),
  signer: z.string().nullable(),
  valid: z.boolean(),
  problem: sentence.extend({ code: z.string() }).nullable(),
});

const registryEntrySchema = z.object({
  serial: z.string(),
  keyFingerprint: z.string(),
  model: z.string(),
  batch: z.string(),
  mode: z.enum(['production', 'test_unit', 'sample_unit']),
  status: z.enum(['genuine', 'frozen', 'revoked']),
  statusReason: z.string().nullable(),
  statusChangedAt: z.string().nullable(),
  importedAt: z.string(),
  source: z.string(),
});

export const provisionInputSchema = z.strictObject({
  /** The port to start on; absent = batch: every idle unit now and every unit plugged in later. */
  portId: z.string().min(1).optional(),
  /** A shipped image id (from devices.firmwareImages) or a chosen file's path; absent = newest for the model. */
  firmware: z.string().min(1).optional(),
  /** Keep the unit's firmware. */
  skipFlash: z.boolean().default(false),
  /**
   * One port only: the approved application to bind to; absent = the one picked for the unit with
   * devices.assign, or none (stock unit). A batch binds each unit to its own pick.
   */
  applicationId: z.string().trim().min(1).max(64).optional(),
  /** The box-QR code as scanned; absent = use what devices.scan stored for the unit. */
  scannedSerial: serialInput.optional(),
  questionnaireAnswered: z.boolean().default(false),
  accountClass: z.enum(['I', 'II']).default('I'),
  /** Queue mode: the port runs the same job on each unit plugged in after this one. */
  queue: z.boolean().default(false),
});

export const devicesCalls = {
  'devices.board': defineCall({
    summary: 'Terminals connected to this station, with phase, progress and genuine verdict',
    access: WAREHOUSE,
    input: z.strictObject({}),
    output: z.object({
      units: z.array(boardUnitSchema),
      demo: z.boolean(),
      batch: z.boolean(),
      /** The signed-in operator's shift: when it began and how many units they shipped since. */
      shift: z.object({ since: z.string(), shipped: z.number().int().nonnegative() }),
    }),
  }),
  'devices.scan': defineCall({
    summary: 'Match a unit on the board by the serial on its box QR code (scanned or typed)',
    access: WAREHOUSE,
    input: z.strictObject({ code: serialInput, portId: z.string().min(1).optional() }),
    output: z.object({ serial: z.string(), unit: boardUnitSchema.nullable() }),
  }),
  'devices.assign': defineCall({
    summary: 'Pick the approved application a unit will be bound to (one per unit; null clears it)',
    access: WAREHOUSE,
    input: z.strictObject({
      portId: z.string().min(1),
      applicationId: z.string().trim().min(1).max(64).nullable(),
    }),
    output: z.object({ unit: boardUnitSchema }),
  }),
  'devices.provision': defineCall({
    summary: 'Start identify → genuine check → flash → bind → self-test → ship on a port (or all)',
    access: WAREHOUSE,
    input: provisionInputSchema,
    output: z.object({ started: z.array(z.string()), batch: z.boolean() }),
  }),
  'devices.evidence': defineCall({
    summary: "A run's evidence sheet (by run id, or the latest run of a serial)",
    access: WAREHOUSE,
    input: evidenceTarget,
    output: evidenceSheetSchema,
  }),
  'devices.exportEvidence': defineCall({
    summary: 'An evidence sheet as a JSON, printable HTML or CSV file',
    access: WAREHOUSE,
    input: z.strictObject({ runId: z.string().min(1), format: z.enum(['json', 'html', 'csv']) }),
    output: z.object({ fileName: z.string(), mimeType: z.string(), content: z.string() }),
  }),
  'devices.firmwareImages': defineCall({
    summary: 'Firmware images available, with version, model and signer',
    access: WAREHOUSE,
    input: z.strictObject({}),
    output: z.object({ images: z.array(firmwareImageSchema) }),
  }),
  'devices.importManifest': defineCall({
    summary:
      'Import a manufacturer manifest into the device registry; conflicts reported, nothing half-imported',
    access: ['warehouse', 'admin'],
    input: z.union([
      z.strictObject({ path: z.string().min(1), format: z.enum(['csv', 'json']).optional() }),
      z.strictObject({
        text: z
          .string()
          .min(1)
          .max(16 * 1024 * 1024),
        source: z.string().min(1).max(200),
        format: z.enum(['csv', 'json']).optional(),
      }),
    ]),
    output: z.object({
      ok: z.boolean(),
      source: z.string(),
      rows: z.number().int(),
      imported: z.number().int(),
      unchanged: z.number().int(),
      conflicts: z
        .array(
          z.object({
            row: z.number().int(),
            serial: z.string(),
            code: z.string(),
            message: z.string(),
            otherRow: z.number().int().optional(),
          }),
        )
        .readonly(),
      malformed: z
        .array(
          z.object({
            row: z.number().int(),
            field: z.string(),
            code: z.enum(['missing', 'invalid']),
            message: z.string(),
          }),
        )
        .readonly(),
      fileError: z.string().optional(),
      fileErrorCode: z.enum(MANIFEST_FILE_ERRORS).optional(),
    }),
  }),
  'devices.registry': defineCall({
    summary: 'Registered units, their key fingerprints and status',
    access: WAREHOUSE,
    input: z.strictObject({
      status: z.enum(['genuine', 'frozen', 'revoked']).optional(),
      batch: z.string().optional(),
      limit: z.number().int().min(1).max(1000).default(200),
      offset: z.number().int().min(0).default(0),
    }),
    output: z.object({ entries: z.array(registryEntrySchema), total: z.number().int() }),
  }),
  'devices.approvedApplications': defineCall({
    summary: 'Approved applications still waiting for a terminal, to bind one to',
    access: WAREHOUSE,
    input: z.strictObject({
      /** Part of the id (a scanned order barcode) or of the masked name; absent = all. */
      query: z.string().trim().max(64).optional(),
    }),
    output: z.object({
      applications: z.array(
        z.object({ id: z.string(), settlementCardMasked: z.string(), nameMasked: z.string() }),
      ),
    }),
  }),
  'devices.freeze': defineCall({
    summary: 'Freeze a lost or stolen unit in the registry, and on the unit itself when it is connected',
    access: SUPPORT,
    input: z.strictObject({ serial: serialInput, reason: z.string().trim().min(1).max(200) }),
    output: z.object({ entry: registryEntrySchema, unitFrozen: z.boolean() }),
  }),
  'devices.unfreeze': defineCall({
    summary:
      'Lift a freeze: a second person (support lead or admin, not the one who froze it); the unit itself takes a registry-signed token',
    access: SUPPORT,
    input: z.strictObject({ serial: serialInput, reason: z.string().trim().min(4).max(200) }),
    output: z.object({ entry: registryEntrySchema, unitUnfrozen: z.boolean() }),
  }),
};

export const devicesEvents = {
  'devices.progress': defineEvent({
    access: WAREHOUSE,
    payload: progress.extend({
      portId: z.string(),
      serial: z.string().nullable(),
      phase: phase.nullable(),
      state: unitState,
    }),
  }),
  'devices.changed': defineEvent({
    access: WAREHOUSE,
    payload: z.object({ unit: boardUnitSchema, removed: z.boolean() }),
  }),
};
