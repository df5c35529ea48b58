import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { MakerView } from '../contract/makers';
import { createAuditLog } from '../services/audit/audit-log';
import { systemClock } from '../services/audit/clock';
import { loadPinnedRoots } from '../services/devices/genuine/pinned-roots';
import { createMakersHandlers } from '../services/devices/makers/handlers';
import { createTrustedMakers } from '../services/devices/makers/trusted-makers';
import { resourcesDir } from '../services/station/resources-dir';
import { cliGateFor, type CliGate } from './cli-gate';
import { processIo, type CliIo } from './cli-io';
import type { OpenStore } from './store-handle';
import { join } from 'node:path';
import type { makersCalls } from '../contract/makers';
import { isEnrolled } from '../services/sync/identity-store';
import { SyncQueue } from '../services/sync/queue';

type MakersGate = CliGate<keyof typeof makersCalls>;

/**
 * The makers' calls through the contract's gate, as the CLI operator (`--as`, default admin). On a
 * station enrolled with a hub the makers are the hub's as last pulled (docs/sync.md §10.5): listed
 * from the sync mirror, and changed only in the app by an admin the hub knows (refused here).
 */
async function withMakers<T>(
  openStore: OpenStore,
  command: Command,
  io: CliIo,
  work: (gate: MakersGate) => Promise<T>,
): Promise<T> {
  const store = openStore();
  const queue = isEnrolled(store.dataDir) ? new SyncQueue(join(store.dataDir, 'sync.sqlite')) : null;
  try {
    const makers = createTrustedMakers({
      db: store.db,
      audit: createAuditLog(store.db, systemClock),
      clock: systemClock,
      builtInRoots: () => loadPinnedRoots({ resourcesDir: resourcesDir(), demo: false }),
      ...(queue ? { hubSet: () => queue.mirrorAll<MakerView>('maker') } : {}),
    });
    return await work(cliGateFor(command, createMakersHandlers(makers), io));
  } finally {
    queue?.close();
    store.close();
  }
}

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
 * must come from another OS user (or the window).
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
      withMakers(openStore, command, io, async (gate) => {
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
    .action((opts: { name: string; root: string; models: string; json: boolean }, command: Command) =>
      withMakers(openStore, command, io, async (gate) => {
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
    .action((id: string, _opts: unknown, command: Command) =>
      withMakers(openStore, command, io, async (gate) => {
        const { maker } = await gate.call('makers.approve', { id });
        io.out(`${maker.name} is trusted for ${maker.models.join(', ')}.\n`);
      }),
    );

  makers
    .command('withdraw <id>')
    .description('Withdraw a maker: its units are refused from now on')
    .requiredOption('--reason <text>', 'why; recorded in the audit log')
    .action((id: string, opts: { reason: string }, command: Command) =>
      withMakers(openStore, command, io, async (gate) => {
        const { maker } = await gate.call('makers.withdraw', {
          id,
          reason: opts.reason,
        });
        io.out(`${maker.name} withdrawn.\n`);
      }),
    );
}
