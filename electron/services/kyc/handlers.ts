import { stat } from 'node:fs/promises';
import type { CallContext, Operator } from '../../contract/context';
import { ContractError } from '../../contract/errors';
import type { CallInput } from '../../contract';
import type { HandlersFor } from '../../contract/handler';
import type { kycCalls } from '../../contract/kyc';
import { formatDay, shanghaiDayOf } from '../calendar/shanghai-time';
import { BundleError, describeIssue } from './bundle/reader';
import { CounterEntryError, enterAtCounter } from './intake/counter-entry';
import { importBundle, type ImportProgress } from './intake/import-bundle';
import { readCase } from './store/case-view';
import type { KycContext } from './store/context';
import { queryQueue, queueStats, QueueCursorError } from './store/queue';
import { REASON_CODES } from '../../contract/domain/kyc/reason-codes';
import type { ReviewWorkflowOptions } from './workflow/review-workflow';
import { createCoordinatedWorkflow } from './workflow/coordinated-workflow';
import { standaloneAuthority, type ReviewAuthority } from './workflow/review-authority';

export interface KycHandlerDeps {
  readonly kyc: KycContext;
  readonly workflow?: ReviewWorkflowOptions;
  /** A bundle import's progress, for a caller that shows it while the call runs (the CLI's bar). */
  readonly onImportProgress?: (progress: ImportProgress) => void;
  /** How many of a refused bundle's issues the refusal lists (default 20; a terminal lists all). */
  readonly bundleIssuesShown?: number;
  /** Who grants claims: the station itself (standalone, the default) or its hub. */
  readonly authority?: ReviewAuthority;
}

/** Issues listed in one error message; the rest are counted. */
const ISSUES_SHOWN = 20;

function operatorOf(ctx: CallContext): Operator {
  if (ctx.operator === null) throw new ContractError('unauthenticated', 'Sign in first.');
  return ctx.operator;
}

function bundleRefusal(error: BundleError, issuesShown = ISSUES_SHOWN): ContractError {
  const shown = error.issues.slice(0, issuesShown).map(describeIssue);
  const more = error.issues.length - shown.length;
  return new ContractError(
    'invalid_input',
    `The bundle was not imported (nothing was stored):\n${shown.join('\n')}${more > 0 ? `\n… and ${more} more` : ''}`,
    'path',
    'kyc.bundle.invalid',
  );
}

/** Names the first field at fault (the form marks it) and lists every fault in the message. */
function counterRefusal(error: CounterEntryError): ContractError {
  const first = error.issues[0];
  const shown = error.issues.slice(0, ISSUES_SHOWN).map((i) => `${i.field}: ${i.message}`);
  const more = error.issues.length - shown.length;
  return new ContractError(
    'invalid_input',
    `The application was not entered (nothing was stored):\n${shown.join('\n')}${more > 0 ? `\n… and ${more} more` : ''}`,
    first?.field ?? '(input)',
    first?.reason ?? 'kyc.counter.invalid',
  );
}

/** The queue's filter as the contract gives it ('mine' is the caller's own cases). */
function queueFilterOf(input: CallInput<'kyc.queueStats'>, operator: Operator) {
  return {
    ...(input.state ? { states: input.state } : {}),
    ...(input.due ? { due: input.due } : {}),
    ...(input.risk ? { risks: input.risk } : {}),
    ...(input.mine ? { assigneeId: operator.id } : input.assignee ? { assigneeId: input.assignee } : {}),
    ...(input.search ? { search: input.search } : {}),
  };
}

export function createKycHandlers(deps: KycHandlerDeps): HandlersFor<typeof kycCalls> {
  const { kyc } = deps;
  const workflow = createCoordinatedWorkflow(kyc, deps.authority ?? standaloneAuthority, deps.workflow);
  /** Now, and the end of today (Asia/Shanghai), as the queue's due bands compare them. */
  const today = () => ({
    now: kyc.now(),
    todayEnd: `${formatDay(shanghaiDayOf(kyc.clock.now()))}T23:59:59.999+08:00`,
  });

  return {
    'kyc.queue': (input, ctx) => {
      const { now, todayEnd } = today();
      try {
        return queryQueue(
          kyc.db,
          {
            ...queueFilterOf(input, operatorOf(ctx)),
            ...(input.sort ? { sort: input.sort } : {}),
            ...(input.cursor ? { cursor: input.cursor } : {}),
            limit: input.limit,
          },
          now,
          todayEnd,
        );
      } catch (error) {
        if (error instanceof QueueCursorError)
          throw new ContractError('invalid_input', error.message, 'cursor', 'kyc.queue.cursor_invalid');
        throw error;
      }
    },
    'kyc.queueStats': (input, ctx) => {
      const { now, todayEnd } = today();
      return queueStats(kyc.db, queueFilterOf(input, operatorOf(ctx)), now, todayEnd);
    },
    'kyc.case': (input) => readCase(kyc, input.applicationId),
    'kyc.document': (input, ctx) => {
      const doc = workflow.viewDocument(operatorOf(ctx), input.applicationId, input.documentId);
      return { mimeType: doc.mimeType, sha256: doc.sha256, base64: doc.bytes.toString('base64') };
    },
    'kyc.claimNext': async (_input, ctx) => ({ claimed: await workflow.claimNext(operatorOf(ctx)) }),
    'kyc.claim': (input, ctx) => workflow.claim(operatorOf(ctx), input.applicationId),
    'kyc.release': (input, ctx) => workflow.release(operatorOf(ctx), input.applicationId),
    'kyc.decideDocument': (input, ctx) => {
      workflow.decideDocument(operatorOf(ctx), input);
      return { documentId: input.documentId, decision: input.decision };
    },
    'kyc.approve': (input, ctx) => {
      const result = workflow.approve(operatorOf(ctx), input.applicationId, input.note);
      return {
        state: result.state,
        codeExpiresAt: result.state === 'approved' ? result.codeExpiresAt : null,
      };
    },
    'kyc.reject': (input, ctx) => ({
      state: workflow.reject(operatorOf(ctx), input.applicationId, input.reasonCodes, input.note).state,
    }),
    'kyc.requestInfo': async (input, ctx) => ({
      state: (await workflow.requestInfo(operatorOf(ctx), input.applicationId, input.reasonCodes, input.note))
        .state,
    }),
    'kyc.reveal': (input, ctx) => workflow.reveal(operatorOf(ctx), input.applicationId, input.field),
    'kyc.importBundle': async (input, ctx) => {
      const operator = operatorOf(ctx);
      const found = await stat(input.path).catch(() => null);
      if (found === null || !found.isDirectory()) {
        throw new ContractError(
          'not_found',
          `No bundle directory at ${input.path}.`,
          'path',
          'kyc.bundle.missing',
        );
      }
      try {
        const summary = await importBundle(
          kyc,
          input.path,
          operator.username,
          deps.onImportProgress ? { onProgress: deps.onImportProgress } : {},
        );
        workflow.takenIn(
          operator,
          summary.results.filter((r) => r.outcome === 'submitted').map((r) => r.applicationId),
        );
        workflow.resubmitted(
          operator,
          summary.results.filter((r) => r.outcome === 'resubmitted').map((r) => r.applicationId),
        );
        return {
          submitted: summary.submitted,
          resubmitted: summary.resubmitted,
          unchanged: summary.unchanged,
          applicationIds: summary.results.slice(0, 100).map((r) => r.applicationId),
        };
      } catch (error) {
        if (error instanceof BundleError) throw bundleRefusal(error, deps.bundleIssuesShown);
        throw error;
      }
    },
    'kyc.intakeAtCounter': (input, ctx) => {
      const operator = operatorOf(ctx);
      try {
        const entered = enterAtCounter(
          kyc,
          {
            applicant: input.applicant,
            settlementCard: input.settlementCard,
            businessProof: input.businessProof,
            deviceFingerprint: input.deviceFingerprint,
            documents: input.documents.map((d) => ({
              id: d.id,
              kind: d.kind,
              mimeType: d.mimeType,
              sha256: d.sha256,
              bytes: Buffer.from(d.base64, 'base64'),
            })),
            resubmits: input.resubmits,
          },
          operator.username,
        );
        if (entered.submission === 1) workflow.takenIn(operator, [entered.applicationId]);
        else workflow.resubmitted(operator, [entered.applicationId]);
        return entered;
      } catch (error) {
        if (error instanceof CounterEntryError) throw counterRefusal(error);
        throw error;
      }
    },
    'kyc.reasonCodes': () => ({
      codes: REASON_CODES.map((r) => ({ code: r.code, zh: r.zh, en: r.en, use: [...r.use] })),
    }),
  };
}
