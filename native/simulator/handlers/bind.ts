import { Refusal } from '../refusal';
import { reply, type Handler } from './handler';

const CARD_MASK = /^[0-9* ]+$/;

/** §8: binds the unit to one application, checked in the order written here. */
export const onBind: Handler<'bind'> = (ctx, m) => {
  const state = ctx.state;
  if (state.frozen) throw new Refusal('DEVICE_FROZEN', state.freezeReason);
  if (state.tamper) throw new Refusal('DEVICE_TAMPERED', 'tamper switch tripped');
  if (ctx.config.identity.mode !== 'production')
    throw new Refusal('NOT_PRODUCTION_UNIT', ctx.config.identity.mode);
  const digits = m.settlementCard.replace(/[^0-9]/g, '').length;
  const unmasked = !CARD_MASK.test(m.settlementCard) || !m.settlementCard.includes('*') || digits > 10;
  if (unmasked && !ctx.config.breaks?.has('bind-unmasked-card')) {
    throw new Refusal('CARD_NOT_MASKED', 'settlement card must be masked');
  }
  const idBytes = Buffer.byteLength(m.applicationId);
  if (idBytes < 1 || idBytes > 64) throw new Refusal('BAD_PAYLOAD', 'applicationId must be 1..64 bytes');
  const bound = state.binding;
  if (bound && bound.applicationId !== m.applicationId)
    throw new Refusal('ALREADY_BOUND', bound.applicationId);
  state.binding = {
    applicationId: m.applicationId,
    settlementCard: m.settlementCard,
    limitProfile: m.limitProfile,
    questionnaireAnswered: m.questionnaireAnswered,
    limits: m.limits.map((l) => ({ ...l })),
  };
  ctx.log('info', 0x0400, `bound to application ${m.applicationId}`);
  return reply({ kind: 'bindAck', applicationId: m.applicationId });
};
