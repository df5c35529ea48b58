import { randomBytes } from 'node:crypto';
import { UNFREEZE_NONCE_BYTES } from '../../attestation/unfreeze-token';
import { reply, type Handler } from './handler';

/** §8.3: a fresh nonce for one UNFREEZE; a new challenge replaces the one before. */
export const onUnfreezeChallenge: Handler<'unfreezeChallenge'> = (ctx) => {
  const nonce = new Uint8Array(randomBytes(UNFREEZE_NONCE_BYTES));
  ctx.unfreezeNonce = nonce;
  return reply({ kind: 'unfreezeNonce', nonce });
};
