import { simulatedFacts } from '../device-facts';
import { reply, type Handler } from './handler';

/** The unit's clock started with this process: uptime counts from it. */
const poweredOn = new Date();

/** §8.2: battery, SIM, radio and clock as the unit's profile makes them. */
export const onFacts: Handler<'facts'> = (ctx) =>
  reply({
    kind: 'deviceFacts',
    ...simulatedFacts(ctx.config.identity.iccid, ctx.config.facts ?? {}, ctx.now(), poweredOn),
  });
