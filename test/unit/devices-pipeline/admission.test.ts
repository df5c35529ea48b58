import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeviceError } from '../../../native/client/device-error';
import {
  runPipeline,
  type PipelineHooks,
  type PipelineRequest,
} from '../../../electron/services/devices/pipeline/pipeline';
import { unitLock } from '../../../electron/services/devices/pipeline/admission';
import { labUnit, makeLab, type Lab } from './fixtures';

const PORT = { name: 'mem0', usbLocation: null };
const noReacquire: PipelineHooks = {
  reacquire: () => Promise.reject(new DeviceError('LINK_LOST', 'test: not coming back')),
};

function request(lab: Lab, overrides: Partial<PipelineRequest> & { file?: string } = {}): PipelineRequest {
  const { file, ...rest } = overrides;
  return {
    operator: 'wh.test',
    firmware: file ? lab.catalog.load(file) : null,
    applicationId: null,
    questionnaireAnswered: true,
    accountClass: 'I',
    ...rest,
  };
}

const steps = (lab: Lab, runId: string) => lab.evidence.evidence(runId).map((e) => `${e.step}:${e.outcome}`);

describe('what must be true before anything is written to a unit', () => {
  let lab: Lab;
  let factory: Uint8Array;

  /** One Start on the unit behind `client`, on the lab's station (or `deps`), with no reconnect. */
  const start = (
    client: Parameters<typeof runPipeline>[0],
    overrides: Parameters<typeof request>[1],
    deps = lab.deps(),
  ) => runPipeline(client, PORT, request(lab, overrides), deps, noReacquire);

  beforeAll(async () => {
    lab = await makeLab(6);
    factory = lab.image({ version: '1.0.0', securityCounter: 1 });
    writeFileSync(
      join(lab.resourcesDir, 'firmware', 'next.img'),
      lab.image({ version: '1.1.0', securityCounter: 2, seed: 2 }),
    );
  });

  it('production: a unit whose box was not scanned is refused before the flash; scanned, it ships', async () => {
    const id = lab.identities[0]!;
    const unit = labUnit(lab, id, factory);
    // One link for every run: the unit stays plugged in while Start is pressed again.
    const client = unit.plug();
    const production = { ...lab.deps(), requireBoxScan: true };
    const before = JSON.stringify(unit.store.loadState());
    const refused = await start(client, { file: 'next.img' }, production);
    expect(refused).toMatchObject({
      status: 'refused',
      failure: { step: 'flash', code: 'box_not_scanned' },
    });
    expect(JSON.stringify(unit.store.loadState())).toBe(before);
    const shipped = await start(client, { file: 'next.img', scannedSerial: id.serial }, production);
    expect(shipped.status).toBe('succeeded');
    expect(lab.evidence.evidence(shipped.runId).find((e) => e.step === 'ship')!.data).toMatchObject({
      boxScanned: true,
    });
  });

  it('a shipped unit is refused on Start and keeps its shipped state and binding', async () => {
    const id = lab.identities[1]!;
    const unit = labUnit(lab, id, factory);
    // One link for every run: the unit stays plugged in while Start is pressed again.
    const client = unit.plug();
    const first = await start(client, { applicationId: 'APP-OK-101' });
    expect(first.status).toBe('succeeded');
    const state = JSON.stringify(unit.store.loadState());
    const again = await start(client, { file: 'next.img' });
    expect(again).toMatchObject({ status: 'refused', failure: { code: 'already_shipped' } });
    expect(steps(lab, again.runId)).toEqual(['identify:ok', 'identify:refused']);
    expect(JSON.stringify(unit.store.loadState())).toBe(state);
    expect(lab.evidence.shipmentOfSerial(id.serial)?.runId).toBe(first.runId);
  });

  it('an application goes with one unit only', async () => {
    const unit = labUnit(lab, lab.identities[2]!, factory);
    // One link for every run: the unit stays plugged in while Start is pressed again.
    const client = unit.plug();
    const taken = await start(client, { applicationId: 'APP-OK-101' });
    expect(taken).toMatchObject({
      status: 'refused',
      failure: { step: 'identify', code: 'application_taken' },
    });
    expect(unit.store.loadState().binding).toBeNull();
  });

  it('a unit bound to one application may finish that job but not start another', async () => {
    const unit = labUnit(lab, lab.identities[3]!, factory, { failSelftest: ['nfc'] });
    // One link for every run: the unit stays plugged in while Start is pressed again.
    const client = unit.plug();
    const failed = await start(client, { applicationId: 'APP-OK-201' });
    expect(failed).toMatchObject({ status: 'failed', failure: { code: 'selftest_failed' } });
    expect(unit.store.loadState().binding).toMatchObject({ applicationId: 'APP-OK-201' });
    const other = await start(client, { applicationId: 'APP-OK-202' });
    expect(other).toMatchObject({ status: 'refused', failure: { code: 'already_bound' } });
    const stock = await runPipeline(client, PORT, request(lab), lab.deps(), noReacquire);
    expect(stock).toMatchObject({ status: 'refused', failure: { code: 'already_bound' } });
    const same = await start(client, { applicationId: 'APP-OK-201' });
    // Same job again: admitted (it fails its self-test again, which is the unit's fault, not a lock).
    expect(same.failure?.code).toBe('selftest_failed');
  });

  it('a test unit refused by the genuine check stays in quarantine: Start is refused without attesting again', async () => {
    const id = { ...lab.identities[4]!, mode: 'test_unit' as const };
    const unit = labUnit(lab, id, factory);
    // One link for every run: the unit stays plugged in while Start is pressed again.
    const client = unit.plug();
    const first = await start(client, { file: 'next.img' });
    expect(first).toMatchObject({ status: 'refused', failure: { step: 'genuine', code: 'mode_test_unit' } });
    const again = await start(client, { file: 'next.img' });
    expect(again).toMatchObject({ status: 'refused', failure: { step: 'identify', code: 'quarantined' } });
    expect(steps(lab, again.runId)).toEqual(['identify:ok', 'identify:refused']);
    expect(unitLock(lab.evidence, { serial: id.serial }, null)?.code).toBe('quarantined');
  });

  it('a wrong box scan does not lock the unit: the right box clears it', async () => {
    const id = lab.identities[5]!;
    const unit = labUnit(lab, id, factory);
    // One link for every run: the unit stays plugged in while Start is pressed again.
    const client = unit.plug();
    const wrong = await start(client, { scannedSerial: 'PS0000000000' });
    expect(wrong).toMatchObject({ status: 'refused', failure: { code: 'serial_mismatch_scanned' } });
    expect(unitLock(lab.evidence, { serial: id.serial }, null)).toBeNull();
    const right = await start(client, { scannedSerial: id.serial });
    expect(right.status).toBe('succeeded');
  });
});
