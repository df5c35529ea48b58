import { join } from 'node:path';
import type { Command } from 'commander';
import { resolveDataDir } from '../services/station/data-dir';
import { SyncEngine } from '../services/sync/engine';
import { createHubClient } from '../services/sync/hub-client';
import { enrol, loadIdentity, saveIdentity } from '../services/sync/identity';
import { SyncQueue } from '../services/sync/queue';
import { StationOutbox } from '../services/sync/station-outbox';
import { retryBasis } from '../services/sync/case-words';
import { withdrawGivenUpCorrection } from '../services/sync/case-documents';
import { stationPushParticipants } from './cli-hub-push';
import { processIo, type CliIo } from './cli-io';
import type { OpenStore } from './store-handle';

/**
 * `pos-station sync enroll | status | now | retry | discard`: this station and its hub
 * (docs/sync.md). A station that never enrolled is standalone and these commands say so.
 */
export function registerSyncCommands(program: Command, openStore: OpenStore, io: CliIo = processIo): void {
  const sync = program.command('sync').description("This station's link to the sync hub");
  const dataDir = () => resolveDataDir(program.opts<{ dataDir?: string }>().dataDir);
  const openQueue = () => new SyncQueue(join(dataDir(), 'sync.sqlite'));
  const identity = () => {
    const found = loadIdentity(dataDir());
    if (!found)
      throw new Error('this station is not enrolled with a hub: run `pos-station sync enroll` first');
    return found;
  };

  sync
    .command('enroll')
    .description('Enrol this station with a hub, once, with a code from `pos-station hub enroll-station`')
    .requiredOption('--hub <url>', 'the hub address, e.g. https://hub.example:8443')
    .requiredOption('--code <code>', 'the one-time enrolment code')
    .action(async (opts: { hub: string; code: string }) => {
      if (loadIdentity(dataDir())) throw new Error('this station is already enrolled with a hub');
      let url: URL;
      try {
        url = new URL(opts.hub);
      } catch {
        throw new Error('--hub: a URL such as https://hub.example:8443');
      }
      if (url.protocol !== 'https:') throw new Error('--hub: must be an https:// address');
      const id = await enrol(url.origin, opts.code);
      saveIdentity(dataDir(), id);
      io.out(`enrolled as "${id.name}" (station ${id.stationId}) with ${url.origin}\n`);
    });

  sync
    .command('status')
    .description('Hub, pending mutations, attention list and last sync')
    .option('--json', 'print as JSON', false)
    .action((opts: { json: boolean }) => {
      const id = loadIdentity(dataDir());
      const queue = openQueue();
      try {
        const report = {
          enrolled: id !== null,
          hub: id?.hubUrl ?? null,
          stationId: id?.stationId ?? null,
          ...queue.counts(),
          lastSyncAt: queue.getState('lastSyncAt'),
          cursor: queue.cursor(),
          attentionList: queue.attention().map((m) => ({
            id: m.id,
            kind: m.kind,
            operator: m.operator,
            code: m.code,
            message: m.message,
          })),
        };
        if (opts.json) return io.out(`${JSON.stringify(report, null, 2)}\n`);
        io.out(
          id
            ? `hub: ${id.hubUrl} (station "${id.name}", ${id.stationId})\n`
            : 'standalone: not enrolled with a hub\n',
        );
        io.out(
          `pending: ${report.pending}  attention: ${report.attention}  last sync: ${report.lastSyncAt ?? 'never'}\n`,
        );
        for (const m of report.attentionList)
          io.out(`  ${m.id}  ${m.kind} by ${m.operator}: ${m.code} — ${m.message}\n`);
      } finally {
        queue.close();
      }
    });

  sync
    .command('now')
    .description('Push pending mutations (with the station outbox and the backfill) and pull changes once')
    .action(async () => {
      const client = createHubClient(identity());
      const queue = openQueue();
      const store = openStore();
      try {
        const participants = stationPushParticipants(store.db, new StationOutbox(store.db, () => true));
        const round = await new SyncEngine({ queue, client, participants }).syncNow();
        io.out(
          `pushed ${round.pushed} (accepted ${round.accepted}, refused ${round.refused}), pulled ${round.pulled} changes\n`,
        );
        if (round.refused > 0) io.setExitCode(4);
      } finally {
        client.close();
        queue.close();
        store.close();
      }
    });

  for (const [name, text] of [
    ['retry', 'Send a refused mutation again (as a new mutation)'],
    ['discard', 'Give up a refused mutation'],
  ] as const)
    sync
      .command(name)
      .description(text)
      .requiredOption('--id <id>', 'the mutation id, as `sync status` lists it')
      .action((opts: { id: string }) => {
        const queue = openQueue();
        try {
          const refused = queue.get(opts.id);
          if (name === 'retry')
            io.out(`queued again as ${queue.retry(opts.id, retryBasis(queue, refused)).id}\n`);
          else {
            queue.discard(opts.id);
            // The store's copies follow at the station's next start (hub-kyc-documents.ts catchUp).
            if (refused) withdrawGivenUpCorrection(queue, identity().stationId, refused);
            io.out(`discarded ${opts.id}\n`);
          }
        } finally {
          queue.close();
        }
      });
}
