import { formatImageVersion } from '../../firmware/image-version';
import { Refusal } from '../refusal';
import { reply, type Handler } from './handler';

/** §6.6: the test-booted image becomes the valid one and raises the security counter. */
export const onConfirm: Handler<'confirm'> = (ctx) => {
  const state = ctx.state;
  if (state.bootState !== 'test_boot') throw new Refusal('NOT_IN_TEST_BOOT', state.bootState);
  // fw-confirm-ignored: acknowledges and stays in the test boot.
  if (ctx.config.breaks?.has('fw-confirm-ignored')) return reply({ kind: 'confirmAck' });
  const manifest = ctx.activeManifest();
  state.slots[state.activeSlot].status = 'valid';
  state.securityCounter = Math.max(state.securityCounter, manifest.header.securityCounter);
  state.bootState = 'confirmed';
  state.previousSlot = null;
  state.counters.firmwareUpdates++;
  ctx.log('info', 0x0302, `confirmed ${formatImageVersion(manifest.header.version)}`);
  return reply({ kind: 'confirmAck' });
};
