import type { CallContext, Operator } from '../../../contract/context';
import { DomainError } from '../../../contract/domain/errors';
import type { CaseState } from '../../../contract/domain/support/case-states';
import { ContractError } from '../../../contract/errors';
import type { HandlersFor } from '../../../contract/handler';
import type { supportRefurbishCalls } from '../../../contract/support-refurbish';
import type { Db } from '../../../store/database';
import type { DevicesService } from '../../devices/service';
import { serialFromBoxCode } from '../../devices/genuine/genuine-check';
import type { Cases } from '../cases';
import { runRefurbish } from './refurbish-run';
import { scrapCase } from './scrap';

export interface RefurbishHandlerDeps {
  readonly db: Db;
  readonly cases: Cases;
  readonly devices: Pick<
    DevicesService,
    'board' | 'runOn' | 'pipelineDeps' | 'catalog' | 'registry' | 'evidenceStore'
  >;
  readonly stationId: string;
}

function operatorOf(ctx: CallContext): Operator {
  if (ctx.operator === null) throw new ContractError('unauthenticated', 'Sign in first.');
  return ctx.operator;
}

export function createRefurbishHandlers(
  deps: RefurbishHandlerDeps,
): HandlersFor<typeof supportRefurbishCalls> {
  const { cases, devices } = deps;

  /** The open case of a serial decided as `state` (refurbishing or scrapping). */
  const openCaseOf = (serial: string, state: CaseState, field: string) => {
    const found = cases
      .search({ query: serial, scope: 'open', limit: 20 })
      .find((c) => c.serial === serial && c.state === state);
    if (!found)
      throw new DomainError(
        'not_found',
        `No open case of ${serial} is decided as ${state === 'refurbishing' ? 'refurbish' : 'scrap'}.`,
        field,
        `support.${state === 'refurbishing' ? 'refurbish' : 'scrap'}.no_case`,
      );
    return found;
  };

  return {
    'support.refurbish': async (input, ctx) => {
      const operator = operatorOf(ctx);
      const unit = devices.board().units.find((u) => u.portId === input.portId);
      if (!unit)
        throw new DomainError('not_found', `No unit on port ${input.portId}.`, 'portId', 'devices.no_unit');
      if (unit.serial === null && input.caseId === undefined)
        throw new DomainError(
          'wrong_state',
          `The unit on ${unit.label} has not answered yet; wait for it, or name the case.`,
          'portId',
          'support.refurbish.unit_unknown',
        );
      const c =
        input.caseId !== undefined
          ? cases.get(input.caseId)
          : openCaseOf(unit.serial!, 'refurbishing', 'portId');
      if (c.state !== 'refurbishing')
        throw new DomainError(
          'wrong_state',
          `Case ${c.id} is not decided as refurbish; decide it first (support.decide).`,
          'caseId',
          'support.refurbish.not_decided',
        );
      const outcome = await devices.runOn(input.portId, (client, port, hooks, identity) => {
        const newest = devices.catalog.newestFor(identity.model);
        return runRefurbish(
          client,
          port,
          {
            operator,
            caseId: c.id,
            serial: c.serial,
            firmware: newest ? devices.catalog.load(newest.file) : null,
          },
          { pipeline: devices.pipelineDeps(), db: deps.db, cases },
          hooks,
        );
      });
      if (!outcome)
        throw new DomainError(
          'unavailable',
          'The refurbish stopped on a station error; see the station log.',
          'portId',
          'support.refurbish.station_error',
        );
      return {
        runId: outcome.runId,
        status: outcome.status,
        serial: outcome.serial,
        caseId: c.id,
        caseState: cases.get(c.id).state,
        failure: outcome.failure,
      };
    },

    'support.scrap': (input, ctx) => {
      const operator = operatorOf(ctx);
      const caseId =
        'caseId' in input
          ? input.caseId
          : openCaseOf(serialFromBoxCode(input.serial), 'scrapping', 'serial').id;
      const done = scrapCase(
        {
          db: deps.db,
          evidence: devices.evidenceStore,
          registry: devices.registry,
          cases,
          stationId: deps.stationId,
        },
        { caseId, reason: input.reason, operator },
      );
      return { ...done, caseState: 'scrapped' as const };
    },
  };
}
