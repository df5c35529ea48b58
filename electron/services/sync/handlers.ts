import type { CallContext, Operator } from '../../contract/context';
import { ContractError } from '../../contract/errors';
import type { HandlersFor } from '../../contract/handler';
import type { syncCalls } from '../../contract/sync';
import { EnrolmentFailed } from './identity';
import { AlreadyEnrolled, NotEnrolled, type StationSync } from './station-sync';
import type { AuditEntry } from '../audit/audit-log';

function operatorOf(ctx: CallContext): Operator {
  if (ctx.operator === null) throw new ContractError('unauthenticated', 'Sign in first.');
  return ctx.operator;
}

/** A refused mutation is its author's to retry or discard (an admin may act for anyone). */
function assertAuthor(sync: StationSync, id: string, operator: Operator): void {
  const m = sync.mutation(id);
  if (!m || m.state !== 'refused')
    throw new ContractError('not_found', `No refused mutation ${id}.`, 'id', 'sync.mutation_not_found');
  if (m.operator !== operator.username && operator.role !== 'admin')
    throw new ContractError(
      'forbidden',
      `Only ${m.operator} (its author) or an admin may retry or discard it.`,
      'id',
      'sync.not_author',
    );
}

function enrolmentRefusal(error: unknown): never {
  if (error instanceof AlreadyEnrolled)
    throw new ContractError('conflict', error.message, undefined, 'sync.already_enrolled');
  if (error instanceof EnrolmentFailed) {
    const field = error.code === 'BAD_CODE' || error.code.startsWith('ENROLMENT_CODE') ? 'code' : 'hubUrl';
    throw new ContractError('invalid_input', error.message, field, `sync.enrol.${error.code}`);
  }
  const message = error instanceof Error ? error.message : String(error);
  throw new ContractError(
    'unavailable',
    `The hub could not be reached: ${message}`,
    'hubUrl',
    'sync.enrol.unreachable',
  );
}

/** `record` writes one audit record in its own transaction (the sync queue is another database). */
export function createSyncHandlers(
  sync: StationSync,
  record: (entry: AuditEntry) => void,
): HandlersFor<typeof syncCalls> {
  const guarded = <T>(run: () => T): T => {
    try {
      return run();
    } catch (error) {
      if (error instanceof NotEnrolled)
        throw new ContractError('conflict', error.message, undefined, 'sync.not_enrolled');
      throw error;
    }
  };
  return {
    'sync.status': () => sync.status(),
    'sync.mutations': () => ({ mutations: sync.mutations() }),
    'sync.retry': (input, ctx) =>
      guarded(() => {
        const operator = operatorOf(ctx);
        assertAuthor(sync, input.id, operator);
        const again = sync.retry(input.id);
        record({
          actor: operator.username,
          action: 'sync.mutation.retried',
          subject: `mutation:${input.id}`,
          details: { as: again.id },
        });
        return { id: again.id };
      }),
    'sync.discard': (input, ctx) =>
      guarded(() => {
        const operator = operatorOf(ctx);
        assertAuthor(sync, input.id, operator);
        sync.discard(input.id);
        record({
          actor: operator.username,
          action: 'sync.mutation.discarded',
          subject: `mutation:${input.id}`,
          details: {},
        });
        return { id: input.id };
      }),
    'sync.now': () => sync.syncNow(),
    'sync.identity': () => sync.identityView(),
    'sync.enrol': async (input, ctx) => {
      const operator = operatorOf(ctx);
      const view = await sync.enrol(input.hubUrl, input.code).catch(enrolmentRefusal);
      record({
        actor: operator.username,
        action: 'sync.station.enrolled',
        subject: `station:${view.stationId ?? ''}`,
        details: { hub: view.hubUrl, name: view.name, certificate: view.certificateFingerprint },
      });
      return view;
    },
    'sync.case': (input) => sync.caseView(input.applicationId, sync.stationId),
  };
}
