import { PipelineStop, stationFailure } from '../failures';
import type { RunContext } from '../run-context';

/** SELFTEST; a new image on trial is confirmed only when every component passed. */
export async function selfTestStep(ctx: RunContext, onTrial: boolean): Promise<void> {
  ctx.enter('selftest');
  const { ev, runId, actor } = ctx;
  const report = await ctx.step((c) => c.selfTest());
  const results = report.results.map((r) => ({ component: r.component, result: r.result, detail: r.detail }));
  const failed = report.results.filter((r) => r.result === 'fail').map((r) => r.component);
  if (failed.length > 0) {
    ev.record(runId, {
      step: 'selftest',
      outcome: 'refused',
      actor,
      data: { results, failed, rolledBack: report.rolledBack },
      summary: { failed, rolledBack: report.rolledBack },
    });
    throw new PipelineStop('failed', stationFailure('selftest', 'selftest_failed', failed.join(', ')));
  }
  if (onTrial) await ctx.step((c) => c.confirm());
  ev.record(runId, {
    step: 'selftest',
    outcome: 'ok',
    actor,
    data: { results, confirmed: onTrial },
    summary: { confirmed: onTrial },
  });
}
