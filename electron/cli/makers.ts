import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { MakerView } from '../contract/makers';
import { createAuditLog } from '../services/audit/audit-log';
import { systemClock } from '../services/audit/clock';
import { loadPinnedRoots } from '../services/devices/genuine/pinned-roots';
import { createMakersHandlers } from '../services/devices/makers/handlers';
import { createTrustedMakers } from '../services/devices/makers/trusted-makers';
import { resourcesDir } from '../services/station/resources-dir';
import { cliOperator } from './cli-actor';
import { createCliGate, GateRefusal, type CliGate } from './cli-gate';
import {
  cliDecisionLink,
  hubOperator,
  OPERATOR_HELP,
  OPERATOR_MISSING_EXIT,
  reportHub,
} from './cli-hub-push';
import { hubMakers, MAKERS_QUEUED } from '../services/sync/hub-makers';
import { processIo, type CliIo } from './cli-io';
import type { OpenStore } from './store-handle';
import { join } from 'node:path';
import type { makersCalls } from '../contract/makers';
import { isEnrolled } from '../services/sync/identity-store';
import { SyncQueue } from '../services/sync/queue';

type MakersGate = CliGate<keyof typeof makersCalls>;

/** Exit codes of `pos-station makers propose|approve|withdraw` at a station enrolled with a hub. */
export const MAKERS_EXIT = {
  /** `--operator` missing: a usage error. */
  operatorMissing: OPERATOR_MISSING_EXIT,
  /** The hub refused the change (nothing changed anywhere). */
  hubRefused: 24,
} as const;

/**
 * The makers' calls through the contract's gate, as the CLI operator (`--as`, default admin). On a
 * station enrolled with a hub the makers are the hub's as last pulled (docs/sync.md §10.5): listed
 * from the sync mirror; a change (`changing`) goes to the hub as the named hub operator
 * (`--operator`, exit 2 without it) through the same handlers and hubMakers as the window's, and
 * the command reports the hub's answer: accepted, refused (exit 24), or — out of reach — queued
 * for the next sync (exit 0).
 */
async function withMakers(
  openStore: OpenStore,
  command: Command,
  io: CliIo,
  changing: { readonly name: string; readonly operator: string | undefined } | null,
  work: (gate: MakersGate) => Promise<void>,
): Promise<void> {
  const store = openStore();
  const enrolled = isEnrolled(store.dataDir);
  const who = changing?.operator?.trim();
  if (enrolled && changing && !who) {
    store.close();
    io.err(
      `pos-station makers ${changing.name}: this station is enrolled with a hub, which decides terminal makers and checks who asks: name the hub administrator with --operator NAME\n`,
    );
    io.setExitCode(MAKERS_EXIT.operatorMissing);
    return;
  }
  const queue = enrolled ? new SyncQueue(join(store.dataDir, 'sync.sqlite')) : null;
  const hub = enrolled && changing ? cliDecisionLink(store.db, store.dataDir) : null;
  try {
    const makers = createTrustedMakers({
      db: store.db,
      audit: createAuditLog(store.db, systemClock),
      clock: systemClock,
      builtInRoots: () => loadPinnedRoots({ resourcesDir: resourcesDir(), demo: false }),
      ...(queue ? { hubSet: () => queue.mirrorAll<MakerView>('maker') } : {}),
    });
    const handlers = createMakersHandlers(
      makers,
      hub ? hubMakers(hub.link, { whenUnreached: 'queue' }) : undefined,
    );
    const operator = hub && who ? hubOperator(store.db, who, cliOperator(command)) : cliOperator(command);
    try {
      await work(createCliGate(handlers, operator, io));
      if (hub) io.out('  accepted at the hub\n');
    } catch (error) {
      if (!hub || !(error instanceof GateRefusal)) throw error;
      const unanswered = hub.unanswered();
      const refused = hub.refused();
      if (error.error.reason === MAKERS_QUEUED && unanswered)
        return reportHub(io, { outcome: 'later', why: unanswered }, `makers ${changing!.name}`, 0);
      if (!refused || refused.outcome !== 'refused') throw error;
      io.err(
        `pos-station makers ${changing!.name}: the hub refused it: ${refused.message} (${refused.code})\n  中心拒绝：${refused.messageZh}\n`,
      );
      io.setExitCode(MAKERS_EXIT.hubRefused);
    }
  } finally {
    hub?.close();
    queue?.close();
    store.close();
  }
}

const EXIT_HELP = `\nAt a station enrolled with a hub the change is decided there, as the hub administrator --operator names. Exit codes: 0 done (at an enrolled station: accepted at the hub, or queued for the next sync when the hub is out of reach); ${MAKERS_EXIT.operatorMissing} --operator missing at an enrolled station; ${MAKERS_EXIT.hubRefused} refused by the hub.`;

function table(makers: readonly MakerView[]): string {
  if (makers.length === 0) return 'No terminal maker added (only the built-in root is trusted).\n';
  return makers
    .map(
      (m) =>
        `${m.id}  ${m.status.padEnd(9)}  ${m.name}  [${m.models.join(', ')}]  root ${m.rootFingerprint.slice(0, 16)}…` +
        `  proposed by ${m.proposedBy}${m.approvedBy ? `, approved by ${m.approvedBy}` : ''}\n`,
    )
    .join('');
}

/**
 * `pos-station makers list|propose|approve|withdraw` (docs/terminal-makers.md §3): the Settings
 * panel's calls through the same gate. The CLI operator is `cli:<os user>`, so the second approval
 * must come from another OS user (or the window); at an enrolled station it is the hub
 * administrator `--operator` names, and the hub's two-person rule applies between them.
 */
export function registerMakersCommands(program: Command, openStore: OpenStore, io: CliIo = processIo): void {
  const makers = program
    .command('makers')
    .description('Terminal makers trusted beside the built-in root: one admin proposes, a second approves');

  makers
    .command('list')
    .description('List the added makers with their models, root fingerprint and who approved them')
    .option('--json', 'print JSON', false)
    .action((opts: { json: boolean }, command: Command) =>
      withMakers(openStore, command, io, null, async (gate) => {
        const { makers: all } = await gate.call('makers.list', {});
        io.out(opts.json ? `${JSON.stringify(all)}\n` : table(all));
      }),
    );

  makers
    .command('propose')
    .description('Propose a maker: trusted only once a second administrator approves it')
    .requiredOption('--name <name>', "the maker's name")
    .requiredOption('--root <file>', "the maker's root certificate (PEM)")
    .requiredOption('--models <list>', 'comma-separated models it may make')
    .option('--json', 'print JSON', false)
    .option('--operator <name>', OPERATOR_HELP)
    .addHelpText('after', EXIT_HELP)
    .action(
      (
        opts: { name: string; root: string; models: string; json: boolean; operator?: string },
        command: Command,
      ) =>
        withMakers(openStore, command, io, { name: 'propose', operator: opts.operator }, async (gate) => {
          let rootPem: string;
          try {
            rootPem = readFileSync(opts.root, 'utf8');
          } catch (error) {
            throw new Error(
              `--root: cannot read ${opts.root} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
              { cause: error },
            );
          }
          const models = opts.models
            .split(',')
            .map((m) => m.trim())
            .filter(Boolean);
          const { maker } = await gate.call('makers.propose', {
            name: opts.name,
            rootPem,
            models,
          });
          io.out(
            opts.json
              ? `${JSON.stringify(maker)}\n`
              : `Proposed ${maker.id} (${maker.name}); a second administrator must run: pos-station makers approve ${maker.id}\n`,
          );
        }),
    );

  makers
    .command('approve <id>')
    .description('Approve a proposed maker (never the administrator who proposed it)')
    .option('--operator <name>', OPERATOR_HELP)
    .addHelpText('after', EXIT_HELP)
    .action((id: string, opts: { operator?: string }, command: Command) =>
      withMakers(openStore, command, io, { name: 'approve', operator: opts.operator }, async (gate) => {
        const { maker } = await gate.call('makers.approve', { id });
        io.out(`${maker.name} is trusted for ${maker.models.join(', ')}.\n`);
      }),
    );

  makers
    .command('withdraw <id>')
    .description('Withdraw a maker: its units are refused from now on')
    .requiredOption('--reason <text>', 'why; recorded in the audit log')
    .option('--operator <name>', OPERATOR_HELP)
    .addHelpText('after', EXIT_HELP)
    .action((id: string, opts: { reason: string; operator?: string }, command: Command) =>
      withMakers(openStore, command, io, { name: 'withdraw', operator: opts.operator }, async (gate) => {
        const { maker } = await gate.call('makers.withdraw', {
          id,
          reason: opts.reason,
        });
        io.out(`${maker.name} withdrawn.\n`);
      }),
    );
}
