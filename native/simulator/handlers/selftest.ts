import { COMPONENTS } from '../../protocol/enums';
import { reply, type Handler } from './handler';

/** §7: every component; a failure during a test boot rolls back and restarts. */
export const onSelftest: Handler<'selftest'> = (ctx) => {
  const failing = new Set(ctx.config.faults?.failSelftest ?? []);
  if (ctx.state.tamper) failing.add('tamper');
  const results = COMPONENTS.map((component) => ({
    component,
    result: failing.has(component) ? ('fail' as const) : ('pass' as const),
    detail: failing.has(component) ? `${component} did not respond` : '',
  }));
  const failed = results.some((r) => r.result === 'fail');
  const rolledBack = failed && ctx.state.bootState === 'test_boot';
  if (rolledBack) ctx.rollback(`self-test failed (${[...failing].join(', ')}): rolled back`);
  const claimed = rolledBack || ctx.config.breaks?.has('selftest-false-rollback') === true;
  return reply(
    { kind: 'selftestReport', results, rolledBack: claimed },
    rolledBack ? { kind: 'reboot' } : undefined,
  );
};
