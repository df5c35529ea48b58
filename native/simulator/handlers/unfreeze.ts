import { checkUnfreezeToken } from '../../attestation/unfreeze-token';
import { Refusal } from '../refusal';
import { reply, type Handler } from './handler';

/**
 * §8.3: lifts the frozen flag for a token the registry key signed over this unit's serial and the
 * nonce it is holding. The nonce is spent by any attempt, good or bad, so a token works once.
 */
export const onUnfreeze: Handler<'unfreeze'> = (ctx, m) => {
  const pendingNonce = ctx.unfreezeNonce;
  ctx.unfreezeNonce = null;
  const refused = checkUnfreezeToken(
    ctx.config.registryKeys ?? [],
    { serial: ctx.config.identity.serial, pendingNonce },
    m,
  );
  if (refused) {
    ctx.log('warning', 0x0502, `unfreeze refused: ${refused}`);
    throw new Refusal('UNFREEZE_REFUSED', refused);
  }
  if (ctx.state.frozen) {
    ctx.state.frozen = false;
    ctx.state.freezeReason = '';
    ctx.log('info', 0x0501, 'unfrozen by a registry token');
  }
  return reply({ kind: 'unfreezeAck' });
};
