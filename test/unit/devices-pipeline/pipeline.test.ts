import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeviceError } from '../../../native/client/device-error';
import { TerminalClient } from '../../../native/client/terminal-client';
import {
  runPipeline,
  type PipelineHooks,
  type PipelineRequest,
} from '../../../electron/services/devices/pipeline/pipeline';
import { labUnit, makeLab, type Lab } from './fixtures';

const PORT = { name: 'mem0', usbLocation: null };

let applications = 0;

/** One application per unit: each request binds a fresh approved application unless told otherwise. */
function request(lab: Lab, overrides: Partial<PipelineRequest> & { file?: string } = {}): PipelineRequest {
  const { file, ...rest } = overrides;
  return {
    operator: 'wh.test',
    firmware: file ? lab.catalog.load(file) : null,
    applicationId: `APP-OK-${++applications}`,
    questionnaireAnswered: true,
    accountClass: 'I',
    ...rest,
  };
}

const noReacquire: PipelineHooks = {
  reacquire: () => Promise.reject(new DeviceError('LINK_LOST', 'test: not coming back')),
};

describe('the provisioning pipeline (in-process terminal)', () => {
  let lab: Lab;
  let factory: Uint8Array;

  beforeAll(async () => {
    lab = await makeLab(8);
    factory = lab.image({ version: '1.0.0', securityCounter: 1 });
    writeFileSync(
      join(lab.resourcesDir, 'firmware', 'next.img'),
      lab.image({ version: '1.1.0', securityCounter: 2, seed: 2 }),
    );
    writeFileSync(join(lab.resourcesDir, 'firmware', 'factory.img'), factory);
  });

  it('binds with the limits of a class-II account and an answered questionnaire', async () => {
    const unit = labUnit(lab, lab.identities[0]!, factory);
    const outcome = await runPipeline(
      unit.plug(),
      PORT,
      request(lab, { file: 'next.img', accountClass: 'II', applicationId: 'APP-OK' }),
      lab.deps(),
      noReacquire,
    );
    expect(outcome.status).toBe('succeeded');
    const binding = unit.store.loadState().binding!;
    expect(binding).toMatchObject({
      applicationId: 'APP-OK',
      settlementCard: '622202******0123',
      questionnaireAnswered: true,
    });
    // Class II: no channel may settle more than 10,000 yuan a day; credit keeps its 50,000-yuan single limit.
    const credit = binding.limits.find((l) => l.channel === 'credit')!;
    expect(credit).toMatchObject({ perTransactionFen: 5_000_000, perDayFen: 1_000_000 });
    expect(binding.limitProfile).toMatch(/questionnaire-answered\/class-II$/);
    expect(unit.store.loadState()).toMatchObject({ bootState: 'confirmed', securityCounter: 2 });
  });

  it('a failed self-test rolls the new image back, fails the run and ships nothing', async () => {
    const unit = labUnit(lab, lab.identities[1]!, factory, { failSelftest: ['qr_camera'] });
    const client = unit.plug();
    const outcome = await runPipeline(
      client,
      PORT,
      request(lab, { file: 'next.img' }),
      lab.deps(),
      noReacquire,
    );
    expect(outcome).toMatchObject({
      status: 'failed',
      failure: { step: 'selftest', code: 'selftest_failed' },
      shipment: null,
    });
    expect(outcome.failure!.en).toContain('qr_camera');
    const id = await client.identity();
    expect(id).toMatchObject({ firmwareVersion: '1.0.0', bootState: 'confirmed', securityCounter: 1 });
    const sheet = lab.evidence.evidence(outcome.runId);
    expect(sheet.find((e) => e.step === 'selftest')).toMatchObject({
      outcome: 'refused',
      data: { rolledBack: true, failed: ['qr_camera'] },
    });
    expect(lab.evidence.shipment(outcome.runId)).toBeUndefined();
  });

  it('refuses an application that is not approved, and a card that is not masked, before touching the unit', async () => {
    const unit = labUnit(lab, lab.identities[2]!, factory);
    const client = unit.plug();
    const missing = await runPipeline(
      client,
      PORT,
      request(lab, { applicationId: 'APP-NOPE' }),
      lab.deps(),
      noReacquire,
    );
    expect(missing).toMatchObject({
      status: 'refused',
      failure: { step: 'identify', code: 'application_not_approved' },
    });
    // Checked before anything was written: no genuine check, no flash, no bind.
    expect(lab.evidence.evidence(missing.runId).map((e) => `${e.step}:${e.outcome}`)).toEqual([
      'identify:ok',
      'identify:refused',
    ]);
    const raw = await runPipeline(
      client,
      PORT,
      request(lab, { applicationId: 'APP-RAW' }),
      lab.deps(),
      noReacquire,
    );
    expect(raw).toMatchObject({ status: 'refused', failure: { step: 'identify', code: 'card_not_masked' } });
    expect(unit.store.loadState().binding).toBeNull();
  });

  it('skips the transfer when the unit already runs the image, and reports a unit bound elsewhere', async () => {
    const unit = labUnit(lab, lab.identities[3]!, factory);
    const client = unit.plug();
    const first = await runPipeline(
      client,
      PORT,
      request(lab, { file: 'factory.img' }),
      lab.deps(),
      noReacquire,
    );
    expect(first.status).toBe('succeeded');
    const flash = lab.evidence.evidence(first.runId).find((e) => e.step === 'flash')!;
    expect(flash.data).toMatchObject({ alreadyRunning: true });

    const bound = unit.store.loadState().binding;
    const second = await runPipeline(client, PORT, request(lab), lab.deps(), noReacquire);
    // Shipped: pressing Start again is refused before anything is written, and the unit keeps its binding.
    expect(second).toMatchObject({
      status: 'refused',
      failure: { step: 'identify', code: 'already_shipped' },
    });
    expect(lab.evidence.evidence(second.runId).map((e) => e.step)).toEqual(['identify', 'identify']);
    expect(unit.store.loadState().binding).toEqual(bound);
    expect(lab.evidence.shipment(first.runId)).toBeDefined();
  });

  it('the unit checks again before erasing: a downgrade the station let through is still refused', async () => {
    writeFileSync(
      join(lab.resourcesDir, 'firmware', 'old.img'),
      lab.image({ version: '0.9.0', securityCounter: 0, seed: 5 }),
    );
    const unit = labUnit(lab, lab.identities[1]!, factory);
    // A station whose own image check is broken: everything passes.
    const careless = Object.create(lab.catalog) as typeof lab.catalog;
    careless.verify = (image) => ({ ok: true, manifest: image.manifest, signerKeyId: '' });
    const deps = { ...lab.deps(), catalog: careless };
    const outcome = await runPipeline(
      unit.plug(),
      PORT,
      request(lab, { file: 'old.img', applicationId: null }),
      deps,
      noReacquire,
    );
    expect(outcome).toMatchObject({ status: 'refused', failure: { step: 'flash', code: 'IMAGE_DOWNGRADE' } });
    expect(unit.store.loadState().slots.B).toMatchObject({ status: 'empty', manifestHex: '' });
  });

  it('a trial rolled back by a second restart is flashed again without re-sending the image', async () => {
    /** Reboots twice the first time: what a retried REBOOT does to a unit that already restarted. */
    class DoubleReboot extends TerminalClient {
      private first = true;
      override async reboot(): Promise<void> {
        await super.reboot();
        if (this.first) {
          this.first = false;
          await super.reboot();
        }
      }
    }
    const unit = labUnit(lab, lab.identities[2]!, factory);
    const client = new DoubleReboot(unit.connect());
    const outcome = await runPipeline(
      client,
      PORT,
      request(lab, { file: 'next.img', applicationId: null }),
      lab.deps(),
      noReacquire,
    );
    expect(outcome.status).toBe('succeeded');
    const flash = lab.evidence.evidence(outcome.runId).find((e) => e.step === 'flash')!;
    const passes = flash.data.attempts as unknown as { blocksHeld: number; blocksTotal: number }[];
    expect(passes).toHaveLength(2);
    expect(passes[0]!.blocksHeld).toBe(0);
    expect(passes[1]!.blocksHeld).toBe(passes[1]!.blocksTotal);
    expect(flash.data).toMatchObject({ blocksSent: 0, runningVersion: '1.1.0', bootState: 'test_boot' });
    expect(unit.store.loadState()).toMatchObject({ bootState: 'confirmed', securityCounter: 2 });
  });

  it('pauses when the unit is pulled out mid-flash and resumes by content on the same unit', async () => {
    const unit = labUnit(lab, lab.identities[4]!, factory);
    let pulled = false;
    let resumedWith: TerminalClient | undefined;
    const hooks: PipelineHooks = {
      onFlashProgress: (p) => {
        if (!pulled && p.blocksWritten >= 2) {
          pulled = true;
          void unit.unplug();
        }
      },
      reacquire: async (serial, cause) => {
        expect(cause.code).toBe('LINK_LOST');
        expect(serial).toBe(lab.identities[4]!.serial);
        resumedWith = unit.plug();
        return resumedWith;
      },
    };
    writeFileSync(
      join(lab.resourcesDir, 'firmware', 'big.img'),
      lab.image({ version: '1.2.0', securityCounter: 3, seed: 9, size: 200_000 }),
    );
    const outcome = await runPipeline(
      unit.plug(),
      PORT,
      request(lab, { file: 'big.img', applicationId: null }),
      lab.deps(),
      hooks,
    );
    expect(outcome.status).toBe('succeeded');
    expect(resumedWith).toBeDefined();
    const evidence = lab.evidence.evidence(outcome.runId);
    expect(evidence.map((e) => `${e.step}:${e.outcome}`)).toEqual([
      'identify:ok',
      'genuine:ok',
      'link:paused',
      'link:resumed',
      'flash:ok',
      'bind:ok',
      'selftest:ok',
      'ship:ok',
    ]);
    const attempts = evidence.find((e) => e.step === 'flash')!.data.attempts as unknown as {
      blocksHeld: number;
      blocksWritten?: number;
    }[];
    expect(attempts[1]!.blocksHeld).toBeGreaterThanOrEqual(attempts[0]!.blocksWritten!);
    expect(attempts[0]!.blocksWritten).toBeGreaterThanOrEqual(2);
  });
});
