import { PipelineStop, stationFailure } from '../../devices/pipeline/failures';
import type { RunContext } from '../../devices/pipeline/run-context';

/**
 * FACTORY_RESET (docs/protocol.md §8.4): the unit wipes the merchant's binding, transaction counters
 * and journal and keeps its identity key, firmware and service log. Asked again after a reconnect it
 * has nothing more to wipe, so a pause may repeat it. What the unit reports afterwards — no binding,
 * an empty journal, no transactions — is the proof on the evidence sheet, not the ACK alone.
 */
export async function resetStep(ctx: RunContext): Promise<void> {
  ctx.enter('reset');
  const { ev, runId, actor } = ctx;
  const serial = ctx.serial!;
  const boundBefore = ctx.identity?.boundApplicationId ?? '';
  const ack = await ctx.step((c) => c.factoryReset(serial));
  const after = await ctx.step((c) => c.identity());
  ctx.identity = after;
  const journalLeft = (await ctx.step((c) => c.journal())).length;
  const counters = await ctx.step((c) => c.counters());
  const transactions = counters.transactions ?? 0;
  const data = {
    journalWiped: ack.journalWiped,
    // null, not '': no binding, as the sheet shows it.
    boundBefore: boundBefore || null,
    boundAfter: after.boundApplicationId || null,
    journalLeft,
    transactions,
    transactionAmountFen: counters.transactionAmountFen ?? 0,
    firmwareVersion: after.firmwareVersion,
  };
  const left = [
    ...(after.boundApplicationId !== '' ? [`binding ${after.boundApplicationId}`] : []),
    ...(journalLeft > 0 ? [`${journalLeft} journal entries`] : []),
    ...(transactions > 0 ? [`${transactions} transactions counted`] : []),
  ];
  if (left.length > 0) {
    ev.record(runId, { step: 'reset', outcome: 'failed', actor, data, summary: { left } });
    throw new PipelineStop('failed', stationFailure('reset', 'reset_incomplete', left.join(', ')), true);
  }
  ev.record(runId, {
    step: 'reset',
    outcome: 'ok',
    actor,
    data,
    summary: { journalWiped: ack.journalWiped, wasBound: boundBefore !== '' },
  });
}
