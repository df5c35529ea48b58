import { onAttest } from './attest';
import { onBind } from './bind';
import { onConfirm } from './confirm';
import { onCounters } from './counters';
import { onFacts } from './facts';
import { onFreeze } from './freeze';
import { onFwBegin } from './fw-begin';
import { onFwBlock } from './fw-block';
import { onFwEnd } from './fw-end';
import { onFwManifest } from './fw-manifest';
import type { Handler, RequestKind } from './handler';
import { onHello } from './hello';
import { onIdentity } from './identity';
import { onJournal } from './journal';
import { onLogs } from './logs';
import { onReboot } from './reboot';
import { onRollback } from './rollback';
import { onSelftest } from './selftest';
import { onFactoryReset } from './factory-reset';
import { onUnfreeze } from './unfreeze';
import { onUnfreezeChallenge } from './unfreeze-challenge';

/**
 * Which handler executes each request. Adding a message to the simulated terminal:
 *  1. its type code in native/protocol/message-types.ts, its interface in messages.ts (a Request
 *     and its answer), and its payload layout — one entry — in native/protocol/codec.ts;
 *  2. one file here, handlers/<message>.ts, exporting a Handler over the shared TerminalContext
 *     (throw Refusal to answer ERROR);
 *  3. one row in this table (the type below refuses to compile until every request has one).
 * The session rules common to every request — HELLO first, the duplicate memory of §1.3, ERROR for
 * undecodable frames — stay in terminal.ts and need nothing from a new handler.
 */
export const HANDLERS: { readonly [K in RequestKind]: Handler<K> } = {
  hello: onHello,
  identity: onIdentity,
  attest: onAttest,
  fwManifest: onFwManifest,
  fwBegin: onFwBegin,
  fwBlock: onFwBlock,
  fwEnd: onFwEnd,
  reboot: onReboot,
  confirm: onConfirm,
  rollback: onRollback,
  selftest: onSelftest,
  bind: onBind,
  logs: onLogs,
  counters: onCounters,
  freeze: onFreeze,
  journal: onJournal,
  facts: onFacts,
  unfreezeChallenge: onUnfreezeChallenge,
  unfreeze: onUnfreeze,
  factoryReset: onFactoryReset,
};
