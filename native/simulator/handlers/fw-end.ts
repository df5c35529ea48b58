import { HEADER_SIZE } from '../../firmware/image-format';
import { verifyPayload } from '../../firmware/verify-image';
import { WireErrorCode } from '../../protocol/error-codes';
import { Refusal } from '../refusal';
import { reply, type Handler } from './handler';

/** §6.5: the whole slot checked against the manifest; a good one waits for its test boot. */
export const onFwEnd: Handler<'fwEnd'> = (ctx) => {
  const session = ctx.session;
  if (!session) throw new Refusal('BAD_STATE', 'FW_END outside a flash');
  const { manifest, target } = session;
  const payload = ctx.config.store.readSlot(target, 0, manifest.header.payloadSize);
  const check = verifyPayload(manifest, payload, manifest.bytes.subarray(0, HEADER_SIZE));
  if (!check.ok) {
    ctx.log('error', WireErrorCode.IMAGE_HASH_MISMATCH, check.message);
    throw new Refusal('IMAGE_HASH_MISMATCH', check.message);
  }
  ctx.state.slots[target].status = 'pending';
  ctx.state.bootState = 'pending';
  ctx.log('info', 0x0301, `slot ${target} verified, pending test boot`);
  ctx.session = null;
  return reply({ kind: 'fwDone', slot: target, imageSha256: manifest.imageSha256.slice() });
};
