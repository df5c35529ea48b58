import { join } from 'node:path';
import type { Command } from 'commander';
import type { CallOutput } from '../contract';
import type { FreezeRow } from '../contract/support-freezes';
import { createAuditLog } from '../services/audit/audit-log';
import { systemClock } from '../services/audit/clock';
import { DeviceRegistry } from '../services/devices/registry/device-registry';
import { createFreezes, FREEZE_LIST_CAP } from '../services/devices/registry/freezes';
import { registryAuditRecorder } from '../services/devices/registry/registry-audit';
import { operatorNames } from '../services/support/operator-names';
import { createFreezeListHandlers } from '../services/support/handlers';
import { hubDeviceStanding } from '../services/sync/hub-device-standing';
import { isEnrolled } from '../services/sync/identity-store';
import { SyncQueue } from '../services/sync/queue';
import { cliGateFor, GateRefusal } from './cli-gate';
import type { CliIo } from './cli-io';
import type { OpenStore } from './store-handle';

type Listing = CallOutput<'support.freezes'>;

const UNIT_WORDS: Record<FreezeRow['unit'], string> = {
  frozen: 'unit frozen',
  awaiting_freeze: 'unit not seen since: freezes at its next connect',
  unfrozen: 'unit unfrozen',
  awaiting_unfreeze: 'unit still frozen: unfreeze it on a port of a station with the registry key',
  never_frozen: 'unit never took the freeze',
};

const HUB_WORDS: Record<NonNullable<FreezeRow['hub']>, string> = {
  sending: 'hub: not sent yet',
  agrees: 'hub: has it',
  differs: 'hub: differs',
  unknown: 'hub: no word yet',
};

function line(f: FreezeRow): string {
  const lifted = f.unfrozenAt
    ? `lifted ${f.unfrozenAt} by ${f.unfrozenBy}${f.unfrozenAtHub ? ' (at the hub)' : ''}: ${f.unfreezeReason ?? ''}`
    : 'ACTIVE';
  const hub = f.hub === null ? '' : `; ${HUB_WORDS[f.hub]}${f.hub === 'differs' ? ` (${f.hubStatus})` : ''}`;
  return `${f.serial}  frozen ${f.frozenAt} by ${f.frozenBy}${f.frozenAtHub ? ' (at the hub)' : ''}: ${f.reason}; ${lifted}; ${UNIT_WORDS[f.unit]}${f.unitAt ? ` (${f.unitAt})` : ''}${hub}\n`;
}

/** "showing 1–100 of 250 …": where this page sits in all the freezes the filter matches. */
function totals(out: Listing): string {
  const shown =
    out.freezes.length === 0
      ? `none shown of ${out.total}`
      : `showing ${out.offset + 1}–${out.offset + out.freezes.length} of ${out.total}`;
  const more = out.offset + out.freezes.length < out.total;
  return `${shown} (${out.active} active, ${out.lifted} lifted)${more ? `; next page: --offset ${out.offset + out.freezes.length}` : ''}\n`;
}

/**
 * `support freezes [--active|--lifted] [--serial S] [--offset N] [--json]`: the desk's list of every freeze,
 * through the same gate as the window (`support.freezes`), a page of FREEZE_LIST_CAP at a time with
 * the totals. On an enrolled station the hub's word is read from the station's sync queue as last
 * pulled.
 */
export function registerFreezeListCommand(support: Command, openStore: OpenStore, io: CliIo): void {
  support
    .command('freezes')
    .description(
      'Every freeze, newest first: who froze and lifted it and when (Shanghai time), whether the unit took it and whether the hub has it',
    )
    .option('--active', 'only freezes still in force', false)
    .option('--lifted', 'only freezes a second person lifted', false)
    .option('--serial <serial>', 'a serial or its beginning')
    .option('--offset <n>', `start the page there (pages of ${FREEZE_LIST_CAP}, newest first)`, '0')
    .option('--json', 'print JSON', false)
    .addHelpText('after', '\nExit codes: 0 listed; 1 bad input (both --active and --lifted, --offset, role).')
    .action(
      async (
        opts: { active: boolean; lifted: boolean; serial?: string; offset: string; json: boolean },
        command: Command,
      ) => {
        const refuse = (message: string) => {
          io.err(`pos-station support freezes: ${message}\n`);
          io.setExitCode(1);
        };
        if (opts.active && opts.lifted) return refuse('--active and --lifted exclude each other');
        if (!/^\d{1,9}$/.test(opts.offset.trim()))
          return refuse(`--offset must be a whole number, 0 or more (got '${opts.offset}')`);
        const store = openStore();
        const queue = isEnrolled(store.dataDir) ? new SyncQueue(join(store.dataDir, 'sync.sqlite')) : null;
        try {
          const audit = createAuditLog(store.db, systemClock);
          const registry = new DeviceRegistry(store.db, { record: registryAuditRecorder(audit) });
          const freezes = createFreezes({
            db: store.db,
            audit,
            clock: systemClock,
            registry,
            signingKey: () => null,
          });
          const gate = cliGateFor(
            command,
            createFreezeListHandlers({
              freezes,
              enrolled: () => queue !== null,
              hubStanding: (serial) => (queue ? hubDeviceStanding(queue, serial) : null),
              nameOf: operatorNames(store.db),
            }),
            io,
          );
          const out = await gate.call('support.freezes', {
            status: opts.active ? 'active' : opts.lifted ? 'lifted' : 'all',
            ...(opts.serial !== undefined ? { serial: opts.serial } : {}),
            offset: Number(opts.offset.trim()),
          });
          if (opts.json) {
            io.out(`${JSON.stringify(out)}\n`);
            return;
          }
          if (out.total === 0) io.out('no freezes\n');
          else {
            for (const f of out.freezes) io.out(line(f));
            io.out(totals(out));
          }
        } catch (error) {
          if (!(error instanceof GateRefusal)) throw error;
          refuse(error.message);
        } finally {
          queue?.close();
          store.close();
        }
      },
    );
}
