import type { Command } from 'commander';
import { createAuditLog } from '../services/audit/audit-log';
import { systemClock } from '../services/audit/clock';
import type { Db } from '../store/database';

/** The store with migrations applied; the CLI closes it when a command is done. */
export interface StoreHandle {
  readonly db: Db;
  readonly dataDir: string;
  close(): void;
}
export type OpenStore = () => StoreHandle;

/** Where commands write; tests capture it, the CLI uses the process's streams. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  setExitCode(code: number): void;
}

export const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  setExitCode: (code) => {
    process.exitCode = code;
  },
};

/** Runs `work` on a freshly opened store and always closes it. */
export async function withStore<T>(openStore: OpenStore, work: (db: Db) => T | Promise<T>): Promise<T> {
  const store = openStore();
  try {
    return await work(store.db);
  } finally {
    store.close();
  }
}

/** `pos-station audit verify [--json]`: exit code 1, naming the first bad record, when the chain was tampered with. */
export function registerAuditCommands(program: Command, openStore: OpenStore, io: CliIo = processIo): void {
  const audit = program.command('audit').description('The append-only, hash-chained audit log');
  audit
    .command('verify')
    .description('Check that no audit record was edited, removed, reordered or cut off')
    .option('--json', 'print the result as JSON', false)
    .action((opts: { json: boolean }) =>
      withStore(openStore, (db) => {
        const result = createAuditLog(db, systemClock).verify();
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
