import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildImage } from '../../../native/firmware/build-image';
import { syntheticPayload } from '../../../native/firmware/synthetic-payload';
import type { Fleet } from '../../../native/simulator/fleet';
import { DomainError } from '../../../electron/contract/domain/errors';
import { makeFleet, startPtyUnit, type PtyUnit } from '../serial/harness';
import { fleetImage, makeResources, startStation, type TestStation } from './station-harness';

/** The unit's persisted flash: which slot holds what. */
function slots(unit: PtyUnit): { A: { status: string }; B: { status: string; manifestHex: string } } {
  return (JSON.parse(readFileSync(join(unit.unit.stateDir, 'state.json'), 'utf8')) as { slots: never }).slots;
}

describe('firmware the unit must not get is refused before anything is erased', () => {
  let fleet: Fleet;
  let unit: PtyUnit;
  let station: TestStation;

  beforeAll(async () => {
    fleet = await makeFleet(1);
    const good = fleetImage(fleet, { size: 16 * 1024, version: '1.1.0', securityCounter: 2 });
    const badSignature = Uint8Array.from(good);
    badSignature[badSignature.length - 1]! ^= 0x01; // last byte of the Ed25519 signature
    const stranger = generateKeyPairSync('ed25519').privateKey;
    const resources = makeResources(fleet, {
      'bad-signature.img': badSignature,
      'unknown-signer.img': buildImage(
        {
          payload: syntheticPayload({ size: 16 * 1024 }),
          version: '9.0.0',
          securityCounter: 9,
          model: 'SP-200',
        },
        stranger,
      ),
      'wrong-model.img': fleetImage(fleet, {
        size: 16 * 1024,
        version: '1.1.0',
        securityCounter: 2,
        model: 'SP-300',
      }),
      'downgrade.img': fleetImage(fleet, { size: 16 * 1024, version: '0.9.0', securityCounter: 0 }),
    });
    unit = await startPtyUnit(fleet, fleet.units[0]!, ['--baud', '0']);
    station = await startStation({ fleet, resourcesDir: resources, ports: [unit.pty.stationPath] });
    station.service.importManifest({ path: fleet.manifestJsonFile }, 'tester');
  });
  afterAll(async () => {
    await station?.close();
    await unit?.close();
  });

  it('lists the images with their signer, and marks the ones that do not verify', () => {
    const images = Object.fromEntries(station.service.firmwareImages().map((i) => [i.id, i]));
    expect(images['wrong-model.img']).toMatchObject({ valid: true, signer: 'fleet-signer', model: 'SP-300' });
    expect(images['bad-signature.img']).toMatchObject({
      valid: false,
      signer: null,
      problem: { code: 'bad_signature' },
    });
    expect(images['unknown-signer.img']).toMatchObject({
      valid: false,
      signer: null,
      problem: { code: 'unknown_signer' },
    });
  });

  it.each([
    ['bad-signature.img', 'image.bad_signature'],
    ['unknown-signer.img', 'image.unknown_signer'],
  ])('%s is refused by the station before a run starts', async (file, reason) => {
    const serial = fleet.units[0]!.serial;
    const idle = await station.waitFor(serial, ['idle', 'refused']);
    const attempt = station.service.provision({ portId: idle.portId, firmware: file }, 'wh.li');
    await expect(attempt).rejects.toBeInstanceOf(DomainError);
    await expect(attempt).rejects.toMatchObject({ refusal: 'bad_value', field: 'firmware', reason });
    expect(slots(unit).B.status).toBe('empty');
  });

  it.each([
    ['wrong-model.img', 'image_wrong_model'],
    ['downgrade.img', 'image_downgrade'],
  ])('%s is refused for this unit after the genuine check, with nothing sent', async (file, code) => {
    const serial = fleet.units[0]!.serial;
    const idle = await station.waitFor(serial, ['idle', 'refused']);
    const { outcomes } = await station.service.provision({ portId: idle.portId, firmware: file }, 'wh.li');
    const outcome = await outcomes[0]!;
    expect(outcome).toMatchObject({ status: 'refused', failure: { step: 'flash', code } });
    const flash = station.service
      .evidence({ runId: outcome!.runId })
      .evidence.find((e) => e.step === 'flash');
    expect(flash).toMatchObject({ outcome: 'refused', data: { checkedOn: 'station', bytesSent: 0 } });
    // Slot B was never written or even marked: the unit still boots its factory image.
    expect(slots(unit)).toMatchObject({ A: { status: 'valid' }, B: { status: 'empty', manifestHex: '' } });
    expect(station.service.board().units[0]).toMatchObject({ firmwareVersion: '1.0.0', state: 'refused' });
  });
});
