import type { z } from 'zod';
import type { CallSpec } from './define';
import type { CallContext } from './context';

/** A plain function behind one contract call: parsed input in, JSON-safe output out. */
export type Handler<S extends CallSpec> = (
  input: z.output<S['input']>,
  ctx: CallContext,
) => z.input<S['output']> | Promise<z.input<S['output']>>;

/** Handlers for a group of calls, keyed by call name. */
export type HandlersFor<Calls extends Record<string, CallSpec>> = { [K in keyof Calls]: Handler<Calls[K]> };
