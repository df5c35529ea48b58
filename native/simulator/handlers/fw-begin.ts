import { blockMatches } from '../../firmware/block-hashes';
import { ImageFormatError } from '../../firmware/image-errors';
import { blockCount, type FirmwareManifest } from '../../firmware/image-format';
import { formatImageVersion } from '../../firmware/image-version';
import { parseManifest } from '../../firmware/parse-image';
import { verifyManifest } from '../../firmware/verify-image';
import { WireErrorCode, type WireErrorName } from '../../protocol/error-codes';
import { MAX_BLOCK_COUNT } from '../../protocol/limits';
import { otherSlot } from '../flash-store';
import { Refusal } from '../refusal';
import { reply, type Handler } from './handler';

/** §6.2: checks the whole manifest before erasing anything, then reports the blocks already held. */
export const onFwBegin: Handler<'fwBegin'> = (ctx) => {
  const buffer = ctx.manifestBuffer;
  if (!buffer || buffer.received !== buffer.total) throw new Refusal('BAD_STATE', 'manifest incomplete');
  let manifest: FirmwareManifest;
  try {
    manifest = parseManifest(buffer.bytes);
  } catch (error) {
    if (error instanceof ImageFormatError) throw new Refusal('IMAGE_BAD_HEADER', error.message);
    throw error;
  }
  const verdict = verifyManifest(manifest, ctx.config.firmwareKeys, {
    model: ctx.config.identity.model,
    // fw-downgrade-accepted: takes an image of any security counter.
    minSecurityCounter: ctx.config.breaks?.has('fw-downgrade-accepted') ? 0 : ctx.state.securityCounter,
  });
  if (!verdict.ok) {
    const code: WireErrorName =
      verdict.code === 'wrong_model'
        ? 'IMAGE_WRONG_MODEL'
        : verdict.code === 'downgrade'
          ? 'IMAGE_DOWNGRADE'
          : 'IMAGE_BAD_SIGNATURE';
    ctx.log('warning', WireErrorCode[code], `firmware refused before erase: ${verdict.message}`);
    throw new Refusal(code, verdict.message);
  }
  const { payloadSize, blockSize } = manifest.header;
  const count = blockCount(payloadSize, blockSize);
  if (payloadSize > ctx.config.store.slotSize || count > MAX_BLOCK_COUNT) {
    throw new Refusal('IMAGE_TOO_LARGE', `${payloadSize} bytes in ${count} blocks`);
  }
  if (blockSize > ctx.blockSize) throw new Refusal('BLOCK_TOO_LARGE', `${blockSize} > ${ctx.blockSize}`);
  if (ctx.state.bootState === 'test_boot')
    throw new Refusal('TEST_BOOT_PENDING', 'confirm or roll back first');

  const target = otherSlot(ctx.state.activeSlot);
  ctx.state.slots[target] = { status: 'writing', manifestHex: Buffer.from(manifest.bytes).toString('hex') };
  if (ctx.state.bootState === 'pending') ctx.state.bootState = 'confirmed';
  ctx.log('info', 0x0300, `flash ${formatImageVersion(manifest.header.version)} into slot ${target}`);
  ctx.session = { target, manifest, nextXfer: 0, assembly: null };

  const slotBytes = ctx.config.store.readSlot(target, 0, payloadSize);
  const held = new Uint8Array(Math.ceil(count / 8));
  // fw-resume-forgets: reports nothing held, whatever the slot holds.
  for (let i = 0; i < count && !ctx.config.breaks?.has('fw-resume-forgets'); i++) {
    const block = slotBytes.subarray(i * blockSize, Math.min(payloadSize, (i + 1) * blockSize));
    if (blockMatches(manifest, i, block)) held[i >> 3]! |= 1 << (i & 7);
  }
  return reply({ kind: 'fwReady', targetSlot: target, blockSize, blockCount: count, held });
};
