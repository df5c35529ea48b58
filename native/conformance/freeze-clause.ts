import type { KeyObject } from 'node:crypto';
import { signUnfreezeToken, type UnfreezeToken } from '../attestation/unfreeze-token';
import { MessageType } from '../protocol/message-types';
import type { Message } from '../protocol/messages';
import { errorCheck, firstProblem, notRun, type Clause, type ClauseContext, type Verdict } from './clause';

const describe = (answer: Message | undefined) => answer?.kind ?? 'nothing';

/** UNFREEZE_CHALLENGE, then UNFREEZE with a token the registry key signs over the fresh nonce. */
async function unfreeze(
  ctx: ClauseContext,
  key: KeyObject,
): Promise<{ token?: UnfreezeToken; answer: Message | undefined; problem?: string }> {
  const challenge = await ctx.probe.request({ kind: 'unfreezeChallenge' });
  if (challenge.answer?.kind !== 'unfreezeNonce')
    return {
      answer: challenge.answer,
      problem: `answered ${describe(challenge.answer)} to UNFREEZE_CHALLENGE`,
    };
  const token = signUnfreezeToken(key, ctx.identity.serial, challenge.answer.nonce);
  const { answer } = await ctx.probe.request({ kind: 'unfreeze', ...token });
  return { token, answer };
}

async function frozenNow(ctx: ClauseContext, when: string): Promise<boolean | string> {
  const { answer } = await ctx.probe.request({ kind: 'identity' });
  return answer?.kind === 'identityInfo'
    ? answer.frozen
    : `${when}: answered ${describe(answer)} to IDENTITY`;
}

/**
 * §8, §8.3: FREEZE survives a power cycle (REBOOT) and only a registry token lifts it, once. The run
 * first proves the unit takes tokens from the given key (an UNFREEZE on a unit that is not frozen
 * changes nothing), so it never sets a freeze it could not lift.
 */
async function freezePersistence(ctx: ClauseContext): Promise<Verdict> {
  const key = ctx.material.registryKey;
  if (!key)
    return notRun(
      'needs --registry-key FILE: the registry signing key the unit trusts, so the run can lift the freeze it sets',
    );
  if (ctx.identity.frozen) return notRun('the unit came frozen: the run lifts only a freeze it set itself');
  const trial = await unfreeze(ctx, key);
  if (trial.problem)
    return notRun(`the unit would not hand out a nonce (${trial.problem}): it was not frozen`);
  if (trial.answer?.kind !== 'unfreezeAck')
    return notRun(
      `the unit refuses tokens signed by --registry-key (${describe(trial.answer)}${trial.answer?.kind === 'error' ? ` ${trial.answer.detail}` : ''}): it was not frozen`,
    );

  const freeze = await ctx.probe.request({ kind: 'freeze', reason: 'conformance run' });
  const frozen = await frozenNow(ctx, 'after FREEZE');
  await ctx.probe.traffic(() => ctx.client.reboot());
  const afterReboot = await frozenNow(ctx, 'after REBOOT');
  const lifted = await unfreeze(ctx, key);
  const unfrozen = await frozenNow(ctx, 'after UNFREEZE');
  const replayed =
    lifted.token && (await ctx.probe.request({ kind: 'unfreezeChallenge' })).answer?.kind === 'unfreezeNonce'
      ? (await ctx.probe.request({ kind: 'unfreeze', ...lifted.token })).answer
      : undefined;
  const stillFrozen = unfrozen !== false ? ' (the unit is left frozen)' : '';
  return firstProblem([
    freeze.answer?.kind !== 'freezeAck' && `answered ${describe(freeze.answer)} to FREEZE`,
    typeof frozen === 'string' ? frozen : !frozen && 'IDENTITY.frozen is 0 after FREEZE',
    typeof afterReboot === 'string'
      ? afterReboot
      : !afterReboot && 'the freeze did not survive a power cycle: IDENTITY.frozen is 0 after REBOOT',
    lifted.problem && `${lifted.problem}${stillFrozen}`,
    lifted.answer?.kind !== 'unfreezeAck' &&
      `answered ${describe(lifted.answer)} to UNFREEZE with a valid token${stillFrozen}`,
    typeof unfrozen === 'string' ? unfrozen : unfrozen && 'IDENTITY.frozen is still 1 after UNFREEZE_ACK',
    lifted.token &&
      errorCheck(replayed, 'UNFREEZE_REFUSED', MessageType.unfreeze) &&
      `the same token again, after a new challenge: ${errorCheck(replayed, 'UNFREEZE_REFUSED', MessageType.unfreeze)}`,
  ]);
}

export const FREEZE_CLAUSE: Clause = {
  id: 'freeze.persistence',
  section: '§8, §8.3',
  title: 'FREEZE survives a power cycle; a registry token lifts it once, a replayed token is refused',
  run: freezePersistence,
};
