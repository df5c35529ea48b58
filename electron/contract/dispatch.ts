import type { z } from 'zod';
import { allows, type CallSpec } from './define';
import { asContractError, ContractError, type ContractErrorShape, type Envelope } from './errors';
import type { CallContext } from './context';
import type { Handler } from './handler';

export type CallTable = Readonly<Record<string, CallSpec>>;
export type HandlerTable = Readonly<Record<string, Handler<CallSpec>>>;

export interface DispatchLog {
  /** Unexpected failures only; the message must not carry input values (they may be PII). */
  error(message: string, detail: { call: string; error: unknown }): void;
}

function fail(code: ContractErrorShape['code'], message: string, field?: string): Envelope<never> {
  return { ok: false, error: { code, message, ...(field !== undefined ? { field } : {}) } };
}

function firstIssue(error: z.ZodError): { field: string; message: string } {
  const issue = error.issues[0];
  if (!issue) return { field: '(input)', message: 'Invalid input' };
  // An unexpected key is named by the key itself, so the operator sees which field to remove.
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : issue.path;
  const field = path.length > 0 ? path.map(String).join('.') : '(input)';
  return { field, message: `${field}: ${issue.message}` };
}

/**
 * The one gate every call passes, whoever carries it (Electron IPC, the loopback host, the CLI):
 * known name → role allowed → input parsed → plain handler → output checked. It never throws; an
 * unexpected failure becomes an 'internal' envelope and is logged without the input.
 */
export function createDispatcher(calls: CallTable, handlers: HandlerTable, log: DispatchLog) {
  for (const name of Object.keys(calls)) {
    if (typeof handlers[name] !== 'function') throw new Error(`No handler for contract call '${name}'`);
  }
  return async function dispatch(
    name: string,
    rawInput: unknown,
    ctx: CallContext,
  ): Promise<Envelope<unknown>> {
    const spec = Object.hasOwn(calls, name) ? calls[name] : undefined;
    const handler = Object.hasOwn(handlers, name) ? handlers[name] : undefined;
    if (!spec || !handler) return fail('unknown_call', `Unknown call '${name}'`);
    const role = ctx.operator?.role ?? null;
    if (!allows(spec.access, role)) {
      return role === null
        ? fail('unauthenticated', 'Sign in first.')
        : fail('forbidden', `The role '${role}' may not call '${name}'.`);
    }
    const parsed = spec.input.safeParse(rawInput);
    if (!parsed.success) {
      const { field, message } = firstIssue(parsed.error);
      return fail('invalid_input', message, field);
    }
    try {
      const output = await handler(parsed.data, ctx);
      const checked = spec.output.safeParse(output);
      if (!checked.success) {
        log.error('Handler output does not match the contract', { call: name, error: checked.error.issues });
        return fail('internal', 'The station produced an invalid answer; the problem was logged.');
      }
      return { ok: true, value: checked.data };
    } catch (thrown) {
      // Services refuse in domain words; the caller always receives a contract error.
      const error = asContractError(thrown);
      if (error instanceof ContractError) return { ok: false, error: error.toJSON() };
      log.error('Handler failed', { call: name, error });
      return fail('internal', 'Something went wrong in the station; the problem was logged.');
    }
  };
}

export type Dispatch = ReturnType<typeof createDispatcher>;
