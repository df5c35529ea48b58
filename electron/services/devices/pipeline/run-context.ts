import { createHash, randomBytes } from 'node:crypto';
import type { DeviceError } from '../../../../native/client/device-error';
import type { Identity, TerminalClient } from '../../../../native/client/terminal-client';
import { checkGenuine, type GenuineVerdict } from '../genuine/genuine-check';
import type { EvidenceData, EvidenceStore } from '../evidence/evidence-store';
import { PipelineStop, isInterruption } from './failures';
import type { PipelineDeps, PipelineHooks, PipelineRequest, PipelineStep } from './pipeline-types';
import { PIPELINE_STEPS, type RefurbishStep } from '../../../contract/domain/devices/provisioning';

/** A step a run can be in: the pipeline's, or a refurbish's own (the factory reset, the restock). */
export type RunStep = PipelineStep | RefurbishStep;

const isPipelineStep = (step: RunStep): step is PipelineStep =>
  (PIPELINE_STEPS as readonly string[]).includes(step);

/** A unit that keeps dropping off is given up after this many pauses in one step. */
export const MAX_PAUSES_PER_STEP = 25;

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

export function identityEvidence(identity: Identity): EvidenceData {
  return { ...identity };
}

function verdictEvidence(verdict: GenuineVerdict): EvidenceData {
  return {
    genuine: verdict.genuine,
    code: verdict.code,
    serial: verdict.serial,
    keyFingerprint: verdict.keyFingerprint ?? null,
    root: verdict.root ?? null,
    maker: verdict.maker ?? null,
    checkedAt: verdict.checkedAt,
    reasons: verdict.reasons.map((r) => ({
      code: r.code,
      message_zh: r.message_zh,
      message_en: r.message_en,
      detail: r.detail ?? null,
    })),
  };
}

export interface Proof {
  readonly verdict: GenuineVerdict;
  readonly data: EvidenceData;
}

/**
 * What one run knows as it goes: the unit's current client (a new one after a reconnect), its
 * serial and identity, the last verdict, the hash the unit last attested, and the step it is in.
 * Every step module reads and updates it here, so the steps share no hidden variables.
 */
export class RunContext {
  client: TerminalClient;
  serial: string | null;
  verdict: GenuineVerdict | null = null;
  identity: Identity | undefined;
  /** The firmware hash the unit attested last (hex). */
  runningHash = '';
  current: RunStep = 'identify';
  readonly actor: string;
  readonly ev: EvidenceStore;

  constructor(
    readonly runId: string,
    initialClient: TerminalClient,
    readonly request: PipelineRequest,
    readonly deps: PipelineDeps,
    readonly hooks: PipelineHooks,
  ) {
    this.client = initialClient;
    this.serial = request.knownSerial ?? null;
    this.actor = request.operator;
    this.ev = deps.evidence;
  }

  /** The board shows the pipeline's phases; during a refurbish's own steps it keeps the last one. */
  enter(step: RunStep): void {
    this.current = step;
    if (isPipelineStep(step)) this.hooks.onStep?.(step);
  }

  /** A unit that no longer proves genuine (swapped, or its status changed) stops the run. */
  refusedBy(v: GenuineVerdict): PipelineStop {
    this.verdict = v;
    this.hooks.onVerdict?.(v);
    return new PipelineStop('refused', {
      step: 'genuine',
      code: v.code,
      zh: v.reasons[0]?.message_zh ?? '',
      en: v.reasons[0]?.message_en ?? '',
    });
  }

  /** ATTEST with a fresh nonce and the genuine check over what came back. */
  async prove(c: TerminalClient, id: Identity): Promise<Proof> {
    const { deps, request } = this;
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
    this.runningHash = hex(attestation.firmwareHash);
    const leaf = attestation.certs[0];
    return {
      verdict: v,
      data: {
        ...verdictEvidence(v),
        stationNonce: hex(nonce),
        deviceNonce: hex(attestation.deviceNonce),
        firmwareHash: this.runningHash,
        certificateSha256: leaf ? createHash('sha256').update(leaf).digest('hex') : null,
        certificateCount: attestation.certs.length,
        scannedSerial: request.scannedSerial ?? null,
      },
    };
  }

  /** Runs `work`, pausing through interruptions: the unit must come back and prove itself again. */
  async step<T>(work: (c: TerminalClient) => Promise<T>, onPause?: () => EvidenceData): Promise<T> {
    for (let pauses = 0; ; pauses++) {
      try {
        return await work(this.client);
      } catch (error) {
        if (!isInterruption(error) || this.serial === null || pauses >= MAX_PAUSES_PER_STEP) throw error;
        this.ev.record(this.runId, {
          step: 'link',
          outcome: 'paused',
          actor: this.actor,
          data: { during: this.current, code: error.code, detail: error.detail, ...(onPause?.() ?? {}) },
          summary: { during: this.current, code: error.code },
          set: { status: 'paused' },
        });
        this.hooks.onPaused?.(error);
        await this.resume(this.serial, error);
      }
    }
  }

  /**
   * Waits for the unit to come back and proves it is the same genuine unit; an interruption while
   * doing so (it drops off again) waits again.
   */
  private async resume(expected: string, cause: DeviceError): Promise<void> {
    for (let tries = 0; ; tries++) {
      this.client = await this.hooks.reacquire(expected, cause);
      let again: Identity;
      let proof: Proof;
      try {
        again = await this.client.identity();
        proof = await this.prove(this.client, again);
      } catch (error) {
        if (isInterruption(error) && tries < MAX_PAUSES_PER_STEP) {
          cause = error;
          continue;
        }
        throw error;
      }
      this.identity = again;
      if (!proof.verdict.genuine) {
        this.ev.record(this.runId, {
          step: 'genuine',
          outcome: 'refused',
          actor: this.actor,
          data: { afterReconnect: true, identity: identityEvidence(again), ...proof.data },
          summary: { code: proof.verdict.code, afterReconnect: true },
        });
        throw this.refusedBy(proof.verdict);
      }
      this.ev.record(this.runId, {
        step: 'link',
        outcome: 'resumed',
        actor: this.actor,
        data: {
          during: this.current,
          identity: identityEvidence(again),
          verdict: proof.verdict.code,
          firmwareHash: this.runningHash,
        },
        summary: { during: this.current },
        set: { status: 'running' },
      });
      this.hooks.onResumed?.();
      return;
    }
  }
}
