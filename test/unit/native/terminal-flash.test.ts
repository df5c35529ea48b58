import { MODEL, makeIdentity, makeImage, makeSigner, makeUnit } from './fixtures';
import { DeviceError } from '../../../native/client/device-error';

describe('flash over an in-memory link', () => {
  it('writes, test-boots and confirms a new image', async () => {
    const signer = makeSigner();
    const unit = makeUnit({
      signer,
      factoryImage: makeImage(signer, { version: '1.0.0' }),
      identity: await makeIdentity(),
    });
    const next = makeImage(signer, { version: '1.1.0', seed: 2, securityCounter: 2 });
    const progress: number[] = [];
    const result = await unit.client.flash(next, { onProgress: (p) => progress.push(p.bytesWritten) });
    expect(result.slot).toBe('B');
    expect(result.blocksSent.length).toBe(result.blocksTotal - result.blocksHeld);
    expect((await unit.client.identity()).bootState).toBe('pending');
    await unit.client.reboot();
    const id = await unit.client.identity();
    expect(id).toMatchObject({
      bootState: 'test_boot',
      activeSlot: 'B',
      firmwareVersion: '1.1.0',
      model: MODEL,
    });
    const report = await unit.client.selfTest();
    expect(report.results.every((r) => r.result === 'pass')).toBe(true);
    await unit.client.confirm();
    expect(await unit.client.identity()).toMatchObject({ bootState: 'confirmed', securityCounter: 2 });
    expect(progress[progress.length - 1]).toBe(40_000 - result.blocksHeld * 4096 + 0);
  });

  it('refuses a downgrade before touching the target slot', async () => {
    const signer = makeSigner();
    const unit = makeUnit({
      signer,
      factoryImage: makeImage(signer, { securityCounter: 5 }),
      identity: await makeIdentity(),
    });
    const old = makeImage(signer, { securityCounter: 4, seed: 3 });
    const error = await unit.client.flash(old).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeviceError);
    expect((error as DeviceError).code).toBe('IMAGE_DOWNGRADE');
    expect(unit.store.loadState().slots.B.status).toBe('empty');
  });
});
