import type { Command } from 'commander';
import { createAuditLog } from '../services/audit/audit-log';
import { createAdminHandlers } from '../services/audit/handlers';
import { systemClock } from '../services/audit/clock';
import { processIo, type CliIo } from './cli-io';
import { cliGateFor } from './cli-gate';
import { withStore, type OpenStore } from './store-handle';

/**
 * `pos-station audit verify [--json]`: the window's `audit.verify` call through the same gate (an
 * admin's, as the CLI operator); exit code 1, naming the first bad record, when the chain was tampered with.
 */
export function registerAuditCommands(program: Command, openStore: OpenStore, io: CliIo = processIo): void {
  const audit = program.command('audit').description('The append-only, hash-chained audit log');
  audit
    .command('verify')
    .description('Check that no audit record was edited, removed, reordered or cut off')
    .option('--json', 'print the result as JSON', false)
    .action((opts: { json: boolean }, command: Command) =>
      withStore(openStore, async (db) => {
        const handlers = createAdminHandlers(db, createAuditLog(db, systemClock));
        const gate = cliGateFor(command, { 'audit.verify': handlers['audit.verify'] }, io);
        const result = await gate.call('audit.verify', {});
        if (opts.json) io.out(`${JSON.stringify(result)}\n`);
        else if (result.ok) io.out(`Audit log intact: ${result.count} records.\n`);
        else
          io.err(
            `Audit log TAMPERED at record ${result.firstBadSeq} (${result.problem}): ${result.message}\n`,
          );
        if (!result.ok) io.setExitCode(1);
      }),
    );
}
