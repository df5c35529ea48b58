import { z } from 'zod';
import { createDispatcher } from '../../../electron/contract/dispatch';
import { defineCall } from '../../../electron/contract/define';
import { ContractError, CONTRACT_CODE_OF_REFUSAL } from '../../../electron/contract/errors';
import { DomainError, REFUSALS, type Refusal } from '../../../electron/contract/domain/errors';
import type { CallContext, Operator } from '../../../electron/contract/context';

const calls = {
  'demo.echo': defineCall({
    summary: 'echo',
    access: 'signed-in',
    input: z.object({ amount: z.object({ fen: z.number().int().nonnegative() }) }),
    output: z.object({ fen: z.number() }),
  }),
  'demo.admin': defineCall({
    summary: 'admin only',
    access: ['admin'],
    input: z.strictObject({}),
    output: z.object({ done: z.literal(true) }),
  }),
  'demo.public': defineCall({ summary: 'public', access: 'public', input: z.object({}), output: z.string() }),
  'demo.bad-output': defineCall({
    summary: 'bad',
    access: 'public',
    input: z.object({}),
    output: z.number(),
  }),
  'demo.throws': defineCall({ summary: 'throws', access: 'public', input: z.object({}), output: z.number() }),
  'demo.refuses': defineCall({
    summary: 'refuses',
    access: 'public',
    input: z.object({}),
    output: z.number(),
  }),
};

const errors: string[] = [];
const dispatch = createDispatcher(
  calls,
  {
    'demo.echo': (input: { amount: { fen: number } }) => ({ fen: input.amount.fen }),
    'demo.admin': () => ({ done: true }),
    'demo.public': () => 'hello',
    'demo.bad-output': () => 'not a number',
    'demo.throws': () => {
      throw new Error('database exploded with 110105194912310020');
    },
    'demo.refuses': () => {
      throw new ContractError('conflict', 'Already claimed', 'caseId', 'case.claimed');
    },
  } as never,
  { error: (message) => errors.push(message) },
);

const operator = (role: Operator['role']): CallContext => ({
  operator: { id: '1', username: 'u', displayName: 'U', role },
  sessionId: 's',
  via: 'host',
});
const anonymous: CallContext = { operator: null, sessionId: null, via: 'host' };

describe('contract dispatcher', () => {
  it('calls the handler with parsed input and checks the output', async () => {
    await expect(dispatch('demo.echo', { amount: { fen: 360 } }, operator('warehouse'))).resolves.toEqual({
      ok: true,
      value: { fen: 360 },
    });
  });

  it('names the offending field on invalid input', async () => {
    const result = await dispatch('demo.echo', { amount: { fen: -1 } }, operator('warehouse'));
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'amount.fen' } });
  });

  it('names an unexpected key as the field', async () => {
    const result = await dispatch('demo.admin', { surplus: 1 }, operator('admin'));
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'surplus' } });
  });

  it('refuses unknown calls, including prototype names', async () => {
    for (const name of ['nope', 'constructor', '__proto__', 'toString']) {
      await expect(dispatch(name, {}, operator('admin'))).resolves.toMatchObject({
        ok: false,
        error: { code: 'unknown_call' },
      });
    }
  });

  it('asks for sign-in before role-restricted calls, and refuses other roles', async () => {
    await expect(dispatch('demo.echo', { amount: { fen: 1 } }, anonymous)).resolves.toMatchObject({
      error: { code: 'unauthenticated' },
    });
    await expect(dispatch('demo.admin', {}, operator('reviewer'))).resolves.toMatchObject({
      error: { code: 'forbidden' },
    });
    await expect(dispatch('demo.admin', {}, operator('admin'))).resolves.toEqual({
      ok: true,
      value: { done: true },
    });
    await expect(dispatch('demo.public', {}, anonymous)).resolves.toEqual({ ok: true, value: 'hello' });
  });

  it('turns unexpected failures into an internal error without leaking the message', async () => {
    const result = await dispatch('demo.throws', {}, anonymous);
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(result)).not.toContain('110105194912310020');
    const bad = await dispatch('demo.bad-output', {}, anonymous);
    expect(bad).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(errors.length).toBe(2);
  });

  it('passes expected refusals through with their reason', async () => {
    await expect(dispatch('demo.refuses', {}, anonymous)).resolves.toEqual({
      ok: false,
      error: { code: 'conflict', message: 'Already claimed', field: 'caseId', reason: 'case.claimed' },
    });
  });

  it('refuses to start when a call has no handler', () => {
    expect(() => createDispatcher(calls, {} as never, { error() {} })).toThrow(/No handler/);
  });

  it('turns a service refusal in domain words into the contract error callers have always received', async () => {
    // The codes callers (the renderer's reason handling, the CLI's exit codes) relied on before
    // services stopped throwing ContractError: one entry per refusal, none missing.
    const before: Record<Refusal, ContractError['code']> = {
      bad_value: 'invalid_input',
      not_found: 'not_found',
      wrong_state: 'conflict',
      not_allowed: 'forbidden',
      unavailable: 'unavailable',
    };
    expect(CONTRACT_CODE_OF_REFUSAL).toEqual(before);
    for (const refusal of REFUSALS) {
      const refusing = createDispatcher(
        { 'demo.service': calls['demo.public'] },
        {
          'demo.service': () => {
            throw new DomainError(refusal, `Refused: ${refusal}`, 'caseId', `demo.${refusal}`);
          },
        } as never,
        { error: (message) => errors.push(message) },
      );
      expect(await refusing('demo.service', {}, anonymous)).toEqual({
        ok: false,
        error: {
          code: before[refusal],
          message: `Refused: ${refusal}`,
          field: 'caseId',
          reason: `demo.${refusal}`,
        },
      });
    }
  });
});
