import type { Answer, Request } from '../../protocol/messages';
import type { TerminalContext } from '../terminal-context';
import { NO_AFTER, type AfterAnswer } from '../terminal-config';

/** A handler's answer and what the runtime does once it is sent (reboot, switch line speed). */
export interface Reply {
  readonly answer: Answer;
  readonly after: AfterAnswer;
}

export type RequestKind = Request['kind'];
export type RequestOf<K extends RequestKind> = Extract<Request, { kind: K }>;

/**
 * Executes one request against the shared terminal state; throws Refusal to answer ERROR instead.
 * The § numbers in the handlers' comments are docs/protocol.md's.
 */
export type Handler<K extends RequestKind> = (ctx: TerminalContext, request: RequestOf<K>) => Reply;

export function reply(answer: Answer, after: AfterAnswer = NO_AFTER): Reply {
  return { answer, after };
}
