import { createHash, randomBytes } from 'node:crypto';
import type { PinnedRoot } from '../../../../native/attestation/verify-chain';
import type { FlashProgress, FlashResult } from '../../../../native/client/flash-transfer';
import type { DeviceError } from '../../../../native/client/device-error';
import type { Identity, SelfTestReport, TerminalClient } from '../../../../native/client/terminal-client';
import { checkGenuine, type GenuineVerdict } from '../genuine/genuine-check';
import type { RegistryReader } from '../registry/registry-entry';
import {
  newEvidenceId,
  type EvidenceData,
  type EvidenceStore,
  type Failure,
  type ShipmentRecord,
} from '../evidence/evidence-store';
import { isMaskedCard, type ApplicationSource, type LimitProfile } from './binding';
import { PipelineStop, isInterruption, stationFailure, stopFromError } from './failures';
import type { FirmwareCatalog, LoadedImage } from './firmware-catalog';

export const PIPELINE_STEPS = ['identify', 'genuine', 'flash', 'bind', 'selftest', 'ship'] as const;
export type PipelineStep = (typeof PIPELINE_STEPS)[number];

/** A unit that keeps dropping off is given up after this many pauses in one step. */
export const MAX_PAUSES_PER_STEP = 25;
/** Flash-and-reboot rounds before a unit that keeps coming back on its old image fails. */
export const MAX_BOOT_TRIES = 3;

export interface PipelineRequest {
  readonly operator: string;
  /** null: keep the unit's firmware (the step is recorded as skipped). */
  readonly firmware: LoadedImage | null;
  /** null: no binding (stock unit); the ship record says so. */
  readonly applicationId: string | null;
  /** What the barcode scanner typed from the box QR, when scanned. */
  readonly scannedSerial?: string;
  readonly questionnaireAnswered: boolean;
  readonly accountClass: 'I' | 'II';
  /** The serial the unit gave when the pool identified it: a drop-off during IDENTITY can wait for it. */
  readonly knownSerial?: string;
}

export interface PipelineDeps {
  readonly evidence: EvidenceStore;
  readonly registry: RegistryReader;
  readonly pinnedRoots: readonly PinnedRoot[];
  readonly stationId: string;
  readonly catalog: FirmwareCatalog;
  readonly applications: ApplicationSource;
  readonly limitProfile: (profile: {
    questionnaireAnswered: boolean;
    accountClass: 'I' | 'II';
  }) => LimitProfile;
}

export interface PipelineHooks {
  onStarted?(runId: string): void;
  onStep?(step: PipelineStep): void;
  onIdentity?(identity: Identity): void;
  onVerdict?(verdict: GenuineVerdict): void;
  onFlashProgress?(progress: FlashProgress): void;
  onPaused?(cause: DeviceError): void;
  onResumed?(): void;
  /**
   * The unit stopped answering or went away: resolves with a client to the same unit (matched by
   * serial, on any port) once it is back; rejects when the run should give up.
   */
  reacquire(serial: string, cause: DeviceError): Promise<TerminalClient>;
}

export interface PipelineOutcome {
  readonly runId: string;
  readonly status: 'succeeded' | 'refused' | 'failed';
  readonly failure: Failure | null;
  readonly serial: string | null;
  readonly verdict: GenuineVerdict | null;
  readonly shipment: ShipmentRecord | null;
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

function identityEvidence(identity: Identity): EvidenceData {
  return { ...identity };
}

function verdictEvidence(verdict: GenuineVerdict): EvidenceData {
  return {
    genuine: verdict.genuine,
    code: verdict.code,
    serial: verdict.serial,
    keyFingerprint: verdict.keyFingerprint ?? null,
    root: verdict.root ?? null,
    checkedAt: verdict.checkedAt,
    reasons: verdict.reasons.map((r) => ({
      code: r.code,
      message_zh: r.message_zh,
      message_en: r.message_en,
      detail: r.detail ?? null,
    })),
  };
}

/**
 * One terminal through identify → genuine check → flash → bind → self-test → ship record. Every step
 * leaves evidence; a unit that drops off pauses the run, which continues when the same unit is back
 * (re-proved genuine first) — a flash resumes by content.
 */
export async function runPipeline(
  initialClient: TerminalClient,
  port: { readonly name: string; readonly usbLocation: string | null },
  request: PipelineRequest,
  deps: PipelineDeps,
  hooks: PipelineHooks,
): Promise<PipelineOutcome> {
  const runId = newEvidenceId();
  const actor = request.operator;
  const ev = deps.evidence;
  ev.startRun({
    id: runId,
    port: port.name,
    usbLocation: port.usbLocation,
    operator: actor,
    stationId: deps.stationId,
    applicationId: request.applicationId,
  });
  hooks.onStarted?.(runId);
  let client = initialClient;
  let serial: string | null = request.knownSerial ?? null;
  let verdict: GenuineVerdict | null = null;
  let identity: Identity | undefined;
  let runningHash = '';
  let current: PipelineStep = 'identify';

  const enter = (step: PipelineStep) => {
    current = step;
    hooks.onStep?.(step);
  };

  /** A unit that no longer proves genuine (swapped, or its status changed) stops the run. */
  const refusedBy = (v: GenuineVerdict): PipelineStop => {
    verdict = v;
    hooks.onVerdict?.(v);
    return new PipelineStop('refused', {
      step: 'genuine',
      code: v.code,
      zh: v.reasons[0]?.message_zh ?? '',
      en: v.reasons[0]?.message_en ?? '',
    });
  };

  /** ATTEST with a fresh nonce and the genuine check over what came back. */
  const prove = async (
    c: TerminalClient,
    id: Identity,
  ): Promise<{ verdict: GenuineVerdict; data: EvidenceData }> => {
    const nonce = new Uint8Array(randomBytes(32));
    const attestation = await c.attest(nonce, deps.stationId);
    const v = checkGenuine({
      identity: { serial: id.serial, model: id.model, mode: id.mode, tamper: id.tamper, frozen: id.frozen },
      attestation,
      stationNonce: nonce,
      stationId: deps.stationId,
      ...(request.scannedSerial !== undefined ? { scannedSerial: request.scannedSerial } : {}),
      pinnedRoots: deps.pinnedRoots,
      registry: deps.registry,
    });
    runningHash = hex(attestation.firmwareHash);
    const leaf = attestation.certs[0];
    return {
      verdict: v,
      data: {
        ...verdictEvidence(v),
        stationNonce: hex(nonce),
        deviceNonce: hex(attestation.deviceNonce),
        firmwareHash: runningHash,
        certificateSha256: leaf ? createHash('sha256').update(leaf).digest('hex') : null,
        certificateCount: attestation.certs.length,
        scannedSerial: request.scannedSerial ?? null,
      },
    };
  };

  /**
   * Waits for the unit to come back and proves it is the same genuine unit; an interruption while
   * doing so (it drops off again) waits again.
   */
  const resume = async (expected: string, cause: DeviceError): Promise<void> => {
    for (let tries = 0; ; tries++) {
      client = await hooks.reacquire(expected, cause);
      let again: Identity;
      let proof: { verdict: GenuineVerdict; data: EvidenceData };
      try {
        again = await client.identity();
        proof = await prove(client, again);
      } catch (error) {
        if (isInterruption(error) && tries < MAX_PAUSES_PER_STEP) {
          cause = error;
          continue;
        }
        throw error;
      }
      identity = again;
      if (!proof.verdict.genuine) {
        ev.record(runId, {
          step: 'genuine',
          outcome: 'refused',
          actor,
          data: { afterReconnect: true, identity: identityEvidence(again), ...proof.data },
          summary: { code: proof.verdict.code, afterReconnect: true },
        });
        throw refusedBy(proof.verdict);
      }
      ev.record(runId, {
        step: 'link',
        outcome: 'resumed',
        actor,
        data: {
          during: current,
          identity: identityEvidence(again),
          verdict: proof.verdict.code,
          firmwareHash: runningHash,
        },
        summary: { during: current },
        set: { status: 'running' },
      });
      hooks.onResumed?.();
      return;
    }
  };

  /** Runs `work`, pausing through interruptions: the unit must come back and prove itself again. */
  const step = async <T>(
    work: (c: TerminalClient) => Promise<T>,
    onPause?: () => EvidenceData,
  ): Promise<T> => {
    for (let pauses = 0; ; pauses++) {
      try {
        return await work(client);
      } catch (error) {
        if (!isInterruption(error) || serial === null || pauses >= MAX_PAUSES_PER_STEP) throw error;
        ev.record(runId, {
          step: 'link',
          outcome: 'paused',
          actor,
          data: { during: current, code: error.code, detail: error.detail, ...(onPause?.() ?? {}) },
          summary: { during: current, code: error.code },
          set: { status: 'paused' },
        });
        hooks.onPaused?.(error);
        await resume(serial, error);
      }
    }
  };

  const finish = (stop: PipelineStop): PipelineOutcome => {
    ev.record(runId, {
      step: stop.failure.step as PipelineStep,
      outcome: stop.status === 'refused' ? 'refused' : 'failed',
      actor,
      data: { code: stop.failure.code, zh: stop.failure.zh, en: stop.failure.en },
      summary: { code: stop.failure.code },
    });
    ev.finish(runId, actor, stop.status, stop.failure);
    return { runId, status: stop.status, failure: stop.failure, serial, verdict, shipment: null };
  };

  try {
    enter('identify');
    const id = await step((c) => c.identity());
    identity = id;
    serial = id.serial;
    hooks.onIdentity?.(id);
    ev.record(runId, {
      step: 'identify',
      outcome: 'ok',
      actor,
      data: { identity: identityEvidence(id), link: { ...(client.session ?? {}) } },
      summary: { serial: id.serial, model: id.model, firmwareVersion: id.firmwareVersion },
      set: { serial: id.serial, model: id.model },
    });

    enter('genuine');
    const proof = await step((c) => prove(c, identity ?? id));
    verdict = proof.verdict;
    hooks.onVerdict?.(proof.verdict);
    ev.record(runId, {
      step: 'genuine',
      outcome: proof.verdict.genuine ? 'ok' : 'refused',
      actor,
      data: proof.data,
      summary: { code: proof.verdict.code, keyFingerprint: proof.verdict.keyFingerprint ?? null },
    });
    if (!proof.verdict.genuine) {
      const first = proof.verdict.reasons[0];
      ev.finish(runId, actor, 'refused', {
        step: 'genuine',
        code: proof.verdict.code,
        zh: first?.message_zh ?? '',
        en: first?.message_en ?? '',
      });
      return {
        runId,
        status: 'refused',
        failure: {
          step: 'genuine',
          code: proof.verdict.code,
          zh: first?.message_zh ?? '',
          en: first?.message_en ?? '',
        },
        serial,
        verdict,
        shipment: null,
      };
    }

    enter('flash');
    const flashed = await flashStep();

    enter('bind');
    const binding = await bindStep();

    enter('selftest');
    await selfTestStep(flashed);

    enter('ship');
    const shipment = ev.ship({
      id: newEvidenceId(),
      runId,
      serial,
      applicationId: binding?.applicationId ?? null,
      settlementCardMasked: binding?.card ?? null,
      limitProfile: binding?.profile.id ?? null,
      imageSha256: runningHash,
      operator: actor,
    });
    ev.record(runId, {
      step: 'ship',
      outcome: 'ok',
      actor,
      data: {
        shipmentId: shipment.id,
        shippedAt: shipment.shippedAt,
        imageSha256: runningHash,
        bound: binding !== null,
      },
      summary: { shipment: shipment.id },
    });
    ev.finish(runId, actor, 'succeeded');
    return { runId, status: 'succeeded', failure: null, serial, verdict, shipment };
  } catch (error) {
    return finish(stopFromError(current, error));
  }

  /** Returns whether a new image is now on trial (test boot) and needs confirming after the self-test. */
  async function flashStep(): Promise<boolean> {
    const chosen = request.firmware;
    if (!chosen) {
      ev.record(runId, {
        step: 'flash',
        outcome: 'ok',
        actor,
        data: { skipped: 'no image chosen', runningImageSha256: runningHash },
        summary: { skipped: true },
      });
      return false;
    }
    const target = chosen.info.imageSha256;
    const unit = identity!;
    const check = deps.catalog.verify(chosen.image, {
      model: unit.model,
      securityCounter: unit.securityCounter,
    });
    const imageData = {
      imageSha256: target,
      version: chosen.info.version,
      securityCounter: chosen.info.securityCounter,
      model: chosen.info.model,
      signer: chosen.info.signer,
      signerKeyId: chosen.info.signerKeyId,
      file: chosen.info.id,
    };
    if (!check.ok) {
      ev.record(runId, {
        step: 'flash',
        outcome: 'refused',
        actor,
        data: {
          ...imageData,
          checkedOn: 'station',
          code: check.code,
          bytesSent: 0,
          unitSecurityCounter: unit.securityCounter,
          unitModel: unit.model,
        },
        summary: { code: `image_${check.code}`, imageSha256: target },
      });
      throw new PipelineStop('refused', {
        step: 'flash',
        code: `image_${check.code}`,
        zh: check.message_zh,
        en: check.message,
      });
    }
    /**
     * One entry per transfer pass: a pass starts with the manifest, so a unit that restarted and was
     * re-negotiated by the client shows as a new pass, as does a resume after a pause.
     */
    const attempts: {
      blocksHeld: number;
      blocksWritten: number;
      blocksTotal: number;
      retries: number;
      phase: string;
    }[] = [];
    let passOpen = false;
    const track = (p: FlashProgress) => {
      if (p.phase === 'manifest') passOpen = false;
      else if (p.phase === 'transfer' && !passOpen) {
        passOpen = true;
        attempts.push({
          blocksHeld: p.blocksHeld,
          blocksWritten: 0,
          blocksTotal: p.blocksTotal,
          retries: 0,
          phase: p.phase,
        });
      }
      const pass = attempts[attempts.length - 1];
      if (passOpen && pass)
        Object.assign(pass, { blocksWritten: p.blocksWritten, retries: p.retries, phase: p.phase });
    };
    const flashAndBoot = (c: TerminalClient) =>
      (async (): Promise<{ result: FlashResult | null; already: 'running' | 'test_boot' | null }> => {
        const now = await c.identity();
        if (now.bootState === 'test_boot') {
          if (runningHash === target) return { result: null, already: 'test_boot' };
          await c.rollback();
        } else if (runningHash === target && now.bootState === 'confirmed') {
          return { result: null, already: 'running' };
        }
        passOpen = false;
        const result = await c.flash(chosen.image, {
          onProgress: (p) => {
            track(p);
            hooks.onFlashProgress?.(p);
          },
        });
        await c.reboot();
        return { result, already: null };
      })();
    let outcome: { result: FlashResult | null; already: 'running' | 'test_boot' | null };
    let after: Identity;
    for (let boots = 1; ; boots++) {
      outcome = await step(flashAndBoot, () => ({ pass: attempts.length }));
      if (outcome.already === 'running') {
        ev.record(runId, {
          step: 'flash',
          outcome: 'ok',
          actor,
          data: { ...imageData, alreadyRunning: true },
          summary: { imageSha256: target, alreadyRunning: true },
          set: { imageSha256: target, imageVersion: chosen.info.version },
        });
        return false;
      }
      after = await step((c) => c.identity());
      identity = after;
      if (after.bootState === 'test_boot' && after.firmwareVersion === chosen.info.version) break;
      // Back on the old image: a restart during the trial rolled it back (the unit reboots again
      // when a lost REBOOT_ACK is retried). The image is still in the other slot, so another pass
      // re-sends nothing; only a unit that keeps refusing to boot it fails.
      if (boots >= MAX_BOOT_TRIES) {
        throw new PipelineStop(
          'failed',
          stationFailure('flash', 'boot_failed', `running ${after.firmwareVersion}, ${after.bootState}`),
        );
      }
      const again = await step((c) => prove(c, after));
      if (!again.verdict.genuine) throw refusedBy(again.verdict);
    }
    // Proved again on the new image: the same genuine unit, attesting the hash of what was flashed.
    const proof = await step((c) => prove(c, after));
    if (!proof.verdict.genuine) throw refusedBy(proof.verdict);
    if (runningHash !== target) {
      throw new PipelineStop(
        'failed',
        stationFailure('flash', 'boot_failed', `attested firmware ${runningHash}`),
      );
    }
    const r = outcome.result;
    ev.record(runId, {
      step: 'flash',
      outcome: 'ok',
      actor,
      data: {
        ...imageData,
        checkedOn: 'station_and_device',
        ...(r
          ? {
              slot: r.slot,
              deviceImageSha256: hex(r.imageSha256),
              blocksTotal: r.blocksTotal,
              blocksHeld: r.blocksHeld,
              blocksSent: r.blocksSent.length,
              bytesOnWire: r.bytesOnWire,
              retries: r.retries,
              elapsedMs: Math.round(r.elapsedMs),
            }
          : { resumedTestBoot: true }),
        attempts: attempts.map((a) => ({ ...a })),
        bootState: after.bootState,
        runningVersion: after.firmwareVersion,
        attestedAfterBoot: { verdict: proof.verdict.code, firmwareHash: runningHash },
      },
      summary: { imageSha256: target, version: chosen.info.version, attempts: attempts.length },
      set: { imageSha256: target, imageVersion: chosen.info.version },
    });
    return true;
  }

  async function bindStep(): Promise<{ applicationId: string; card: string; profile: LimitProfile } | null> {
    if (request.applicationId === null) {
      ev.record(runId, {
        step: 'bind',
        outcome: 'ok',
        actor,
        data: { skipped: 'no application' },
        summary: { skipped: true },
      });
      return null;
    }
    const application = deps.applications.approved(request.applicationId);
    if (!application) {
      throw new PipelineStop(
        'refused',
        stationFailure('bind', 'application_not_approved', request.applicationId),
      );
    }
    if (!isMaskedCard(application.settlementCardMasked)) {
      throw new PipelineStop('refused', stationFailure('bind', 'card_not_masked', application.id));
    }
    const profile = deps.limitProfile({
      questionnaireAnswered: request.questionnaireAnswered,
      accountClass: request.accountClass,
    });
    await step((c) =>
      c.bind({
        applicationId: application.id,
        settlementCard: application.settlementCardMasked,
        limitProfile: profile.id,
        questionnaireAnswered: profile.questionnaireAnswered,
        limits: profile.limits,
      }),
    );
    const data: EvidenceData = {
      applicationId: application.id,
      settlementCardMasked: application.settlementCardMasked,
      limitProfile: profile.id,
      questionnaireAnswered: profile.questionnaireAnswered,
      accountClass: request.accountClass,
      limits: profile.limits.map((l) => ({ ...l })),
    };
    ev.record(runId, {
      step: 'bind',
      outcome: 'ok',
      actor,
      data,
      summary: { applicationId: application.id, limitProfile: profile.id },
    });
    return { applicationId: application.id, card: application.settlementCardMasked, profile };
  }

  async function selfTestStep(onTrial: boolean): Promise<void> {
    const report: SelfTestReport = await step((c) => c.selfTest());
    const results = report.results.map((r) => ({
      component: r.component,
      result: r.result,
      detail: r.detail,
    }));
    const failed = report.results.filter((r) => r.result === 'fail').map((r) => r.component);
    if (failed.length > 0) {
      ev.record(runId, {
        step: 'selftest',
        outcome: 'refused',
        actor,
        data: { results, failed, rolledBack: report.rolledBack },
        summary: { failed, rolledBack: report.rolledBack },
      });
      throw new PipelineStop('failed', stationFailure('selftest', 'selftest_failed', failed.join(', ')));
    }
    if (onTrial) await step((c) => c.confirm());
    ev.record(runId, {
      step: 'selftest',
      outcome: 'ok',
      actor,
      data: { results, confirmed: onTrial },
      summary: { confirmed: onTrial },
    });
  }
}
