import type { Command } from 'commander';
import type { VersionAnnouncement } from '../contract/support-announce';
import { createAuditLog } from '../services/audit/audit-log';
import type { Clock } from '../services/audit/clock';
import { formatYuan } from '../services/fees/money';
import type { FeesService } from '../services/fees/service';
import { createAnnounceHandlers } from '../services/support/handlers';
import { cliGateFor, GateRefusal } from './cli-gate';
import type { CliIo } from './cli-io';
import type { Db } from '../store/database';
import type { OpenStore } from './store-handle';

/** Exit codes of `support announcements|announce` (README: 23 as devices/freeze refusals). */
export const ANNOUNCE_EXIT = {
  /** The input names no version (the message names the field). */
  badInput: 1,
  /** The station refused: role, unknown version, already in force, too late for the 30-day rule. */
  refused: 23,
} as const;

type Rate = VersionAnnouncement['changes'][number]['to'];
const rateWords = (r: Rate) =>
  `${r.percent} + ${formatYuan(r.fixedFen)}${r.capFen === null ? '' : ` (cap ${formatYuan(r.capFen)})`}`;

type Notice = VersionAnnouncement['merchants'][number]['notice'];
function noticeWords(n: Notice): string {
  if (n === null) return 'not told';
  if (n.state === 'sent') return `sent ${n.sentAt}`;
  const queued = `queued ${n.createdAt} by ${n.createdBy}`;
  return n.state === 'retrying'
    ? `${queued}; retrying (attempt ${n.attempts}: ${n.lastError ?? ''})`
    : queued;
}

function versionLines(v: VersionAnnouncement): string {
  const rule = v.ruleMet
    ? `announce by ${v.announceBy}`
    : `too late to announce (was due by ${v.announceBy}; announced now, a version may take effect from ${v.earliestEffectiveDate})`;
  const changes = v.changes.map(
    (c) => `${c.channel} ${c.from ? rateWords(c.from) : 'new'} → ${rateWords(c.to)}`,
  );
  const merchants = v.merchants.map(
    (m) => `  ${m.merchantId}  [${m.sources.join(', ') || 'told earlier'}]  ${noticeWords(m.notice)}\n`,
  );
  return (
    `${v.id}  takes effect ${v.effectiveAt}; ${rule}\n` +
    `  changes: ${changes.join('; ') || 'none'}\n` +
    `  notice: ${v.body}\n` +
    (merchants.join('') || '  no merchant known to this station\n')
  );
}

/**
 * `support announcements` and `support announce VERSION`: the rate-change notices of the fee schedule
 * versions not yet in force, and announcing one to every merchant the station serves through the
 * notice outbox — the window's `support.rateChanges` / `support.announceRateChange` through the
 * same gate (support lead or admin; the 30-day rule; never twice to one merchant; audited).
 */
export function registerAnnounceCommands(
  support: Command,
  openStore: OpenStore,
  io: CliIo,
  deps: { readonly fees: () => FeesService; readonly clock: Clock },
): void {
  const gateOf = (db: Db, command: Command) =>
    cliGateFor(
      command,
      createAnnounceHandlers({
        db,
        audit: createAuditLog(db, deps.clock),
        clock: deps.clock,
        book: deps.fees().book,
      }),
      io,
    );
  const withGate = async (
    command: Command,
    run: (gate: ReturnType<typeof gateOf>) => Promise<void>,
  ): Promise<void> => {
    const store = openStore();
    try {
      await run(gateOf(store.db, command));
    } catch (error) {
      if (!(error instanceof GateRefusal)) throw error;
      const code = error.error.code === 'invalid_input' ? ANNOUNCE_EXIT.badInput : ANNOUNCE_EXIT.refused;
      io.err(`pos-station support: ${error.message}\n`);
      io.setExitCode(code);
    } finally {
      store.close();
    }
  };
  const exitCodes = `\nExit codes: 0 done; ${ANNOUNCE_EXIT.badInput} bad input (the field named); ${ANNOUNCE_EXIT.refused} refused (role: support_lead or admin; unknown version, already in force, past the 30-day rule).`;

  support
    .command('announcements')
    .description(
      'Fee schedule versions not yet in force: what each changes, the 30-day rule, the notice text and each merchant’s notice (not told, queued, retrying, sent)',
    )
    .option('--json', 'print JSON', false)
    .addHelpText('after', exitCodes)
    .action(async (opts: { json: boolean }, command: Command) =>
      withGate(command, async (gate) => {
        const out = await gate.call('support.rateChanges', {});
        if (opts.json) io.out(`${JSON.stringify(out)}\n`);
        else if (out.versions.length === 0) io.out(`no rate change pending (now ${out.now})\n`);
        else for (const v of out.versions) io.out(versionLines(v));
      }),
    );

  support
    .command('announce <version>')
    .description(
      'Announce a published fee schedule version to every merchant this station serves (notice outbox; only those not yet told; audited)',
    )
    .option('--json', 'print JSON', false)
    .addHelpText('after', exitCodes)
    .action(async (version: string, opts: { json: boolean }, command: Command) =>
      withGate(command, async (gate) => {
        const out = await gate.call('support.announceRateChange', { version });
        if (opts.json) {
          io.out(`${JSON.stringify(out)}\n`);
          return;
        }
        const id = version.trim();
        io.out(
          `${id}: ${out.queued.length} notice(s) queued${out.queued.length ? ` (${out.queued.join(', ')})` : ''}; ` +
            `${out.alreadyNotified.length} merchant(s) already told\n`,
        );
        io.out('The station sends them from its notice outbox while it runs (notices-outgoing.jsonl).\n');
      }),
    );
}
