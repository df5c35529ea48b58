import type { FlashProgress, FlashResult } from '../../../../../native/client/flash-transfer';
import type { Identity, TerminalClient } from '../../../../../native/client/terminal-client';
import { PipelineStop, stationFailure } from '../failures';
import type { LoadedImage } from '../firmware-catalog';
import type { RunContext } from '../run-context';

/** Flash-and-reboot rounds before a unit that keeps coming back on its old image fails. */
export const MAX_BOOT_TRIES = 3;

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

interface Pass {
  blocksHeld: number;
  blocksWritten: number;
  blocksTotal: number;
  retries: number;
  phase: string;
}

/**
 * One entry per transfer pass: a pass starts with the manifest, so a unit that restarted and was
 * re-negotiated by the client shows as a new pass, as does a resume after a pause.
 */
class PassLog {
  readonly passes: Pass[] = [];
  private open = false;

  restart(): void {
    this.open = false;
  }

  track(p: FlashProgress): void {
    if (p.phase === 'manifest') this.open = false;
    else if (p.phase === 'transfer' && !this.open) {
      this.open = true;
      this.passes.push({
        blocksHeld: p.blocksHeld,
        blocksWritten: 0,
        blocksTotal: p.blocksTotal,
        retries: 0,
        phase: p.phase,
      });
    }
    const pass = this.passes[this.passes.length - 1];
    if (this.open && pass)
      Object.assign(pass, { blocksWritten: p.blocksWritten, retries: p.retries, phase: p.phase });
  }
}

type Flashed = { result: FlashResult | null; already: 'running' | 'test_boot' | null };

/** Writes the image unless the unit already runs it (or holds it on trial), then reboots into it. */
function flashAndBoot(ctx: RunContext, chosen: LoadedImage, log: PassLog) {
  const target = chosen.info.imageSha256;
  return async (c: TerminalClient): Promise<Flashed> => {
    const now = await c.identity();
    if (now.bootState === 'test_boot') {
      if (ctx.runningHash === target) return { result: null, already: 'test_boot' };
      await c.rollback();
    } else if (ctx.runningHash === target && now.bootState === 'confirmed') {
      return { result: null, already: 'running' };
    }
    log.restart();
    const result = await c.flash(chosen.image, {
      onProgress: (p) => {
        log.track(p);
        ctx.hooks.onFlashProgress?.(p);
      },
    });
    await c.reboot();
    return { result, already: null };
  };
}

/** Returns whether a new image is now on trial (test boot) and needs confirming after the self-test. */
export async function flashStep(ctx: RunContext): Promise<boolean> {
  ctx.enter('flash');
  const { ev, runId, actor } = ctx;
  const chosen = ctx.request.firmware;
  if (!chosen) {
    ev.record(runId, {
      step: 'flash',
      outcome: 'ok',
      actor,
      data: { skipped: 'no image chosen', runningImageSha256: ctx.runningHash },
      summary: { skipped: true },
    });
    return false;
  }
  const target = chosen.info.imageSha256;
  const unit = ctx.identity!;
  const check = ctx.deps.catalog.verify(chosen.image, {
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
  const log = new PassLog();
  const write = flashAndBoot(ctx, chosen, log);
  let outcome: Flashed;
  let after: Identity;
  for (let boots = 1; ; boots++) {
    outcome = await ctx.step(write, () => ({ pass: log.passes.length }));
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
    after = await ctx.step((c) => c.identity());
    ctx.identity = after;
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
    const unitNow = after;
    const again = await ctx.step((c) => ctx.prove(c, unitNow));
    if (!again.verdict.genuine) throw ctx.refusedBy(again.verdict);
  }
  // Proved again on the new image: the same genuine unit, attesting the hash of what was flashed.
  const booted = after;
  const proof = await ctx.step((c) => ctx.prove(c, booted));
  if (!proof.verdict.genuine) throw ctx.refusedBy(proof.verdict);
  if (ctx.runningHash !== target) {
    throw new PipelineStop(
      'failed',
      stationFailure('flash', 'boot_failed', `attested firmware ${ctx.runningHash}`),
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
      attempts: log.passes.map((a) => ({ ...a })),
      bootState: after.bootState,
      runningVersion: after.firmwareVersion,
      attestedAfterBoot: { verdict: proof.verdict.code, firmwareHash: ctx.runningHash },
    },
    summary: { imageSha256: target, version: chosen.info.version, attempts: log.passes.length },
    set: { imageSha256: target, imageVersion: chosen.info.version },
  });
  return true;
}
