import { COUNTER_IDS } from '../../protocol/enums';
import { reply, type Handler } from './handler';

/** §8: every counter, in the order of the enum. */
export const onCounters: Handler<'counters'> = (ctx) =>
  reply({
    kind: 'counterValues',
    values: COUNTER_IDS.filter(
      (id) => !(ctx.config.breaks?.has('counters-missing') && id === 'rollbacks'),
    ).map((id) => ({
      id,
      value: ctx.state.counters[id],
    })),
  });
