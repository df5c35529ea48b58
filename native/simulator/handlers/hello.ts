import {
  BLOCK_SIZES,
  DEVICE_MAX_BLOCK_SIZE,
  DEVICE_MAX_WINDOW,
  MAX_WINDOW,
  PROTOCOL_VERSION,
} from '../../protocol/limits';
import { stall } from '../break-flags';
import { Refusal } from '../refusal';
import { reply, type Handler } from './handler';

/** §3: version, window, block size and line speed for this session. */
export const onHello: Handler<'hello'> = (ctx, m) => {
  if (m.minVersion > PROTOCOL_VERSION || m.maxVersion < PROTOCOL_VERSION || m.minVersion > m.maxVersion) {
    throw new Refusal('UNSUPPORTED_VERSION', `station speaks ${m.minVersion}..${m.maxVersion}, device 1`);
  }
  if (m.maxWindow < 1 || m.maxWindow > MAX_WINDOW)
    throw new Refusal('BAD_PAYLOAD', 'maxWindow must be 1..32');
  if (!(BLOCK_SIZES as readonly number[]).includes(m.maxBlockSize)) {
    throw new Refusal(
      'BAD_PAYLOAD',
      `maxBlockSize ${m.maxBlockSize} is not one of ${BLOCK_SIZES.join(', ')}`,
    );
  }
  const bauds = ctx.config.supportedBauds ?? [];
  const current = ctx.currentBaud ?? 0;
  const linkBaud = m.linkBaud !== 0 && bauds.includes(m.linkBaud) ? m.linkBaud : current;
  ctx.blockSize = Math.min(m.maxBlockSize, DEVICE_MAX_BLOCK_SIZE);
  ctx.helloDone = true;
  if (ctx.config.breaks?.has('slow-hello')) stall(800);
  const window = ctx.config.breaks?.has('hello-window-ignored')
    ? DEVICE_MAX_WINDOW
    : Math.min(m.maxWindow, DEVICE_MAX_WINDOW);
  return reply(
    {
      kind: 'helloAck',
      version: PROTOCOL_VERSION,
      window,
      blockSize: ctx.blockSize,
      linkBaud,
      writeBytesPerSec: ctx.config.writeBytesPerSec ?? 200_000,
      hashBytesPerSec: ctx.config.hashBytesPerSec ?? 2_000_000,
    },
    linkBaud !== current ? { kind: 'baud', baud: linkBaud } : undefined,
  );
};
