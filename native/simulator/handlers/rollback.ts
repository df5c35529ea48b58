import { reply, type Handler } from './handler';

/** §6.6: back to the previous slot, then a restart into it. */
export const onRollback: Handler<'rollback'> = (ctx) => {
  ctx.rollback('rollback requested by station');
  return reply({ kind: 'rollbackAck' }, { kind: 'reboot' });
};
