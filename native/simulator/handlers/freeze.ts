import { reply, type Handler } from './handler';

/** §8: frozen for good; a second FREEZE keeps the first reason. */
export const onFreeze: Handler<'freeze'> = (ctx, { reason }) => {
  if (!ctx.state.frozen) {
    ctx.state.frozen = true;
    ctx.state.freezeReason = reason;
    ctx.log('warning', 0x0500, `frozen: ${reason}`);
  }
  return reply({ kind: 'freezeAck' });
};
