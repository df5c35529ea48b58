import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { registerProvisionCommands } from '../../../electron/cli/provision';
import type { OpenStore } from '../../../electron/cli/store-handle';
import { openDatabase } from '../../../electron/store/database';
import { migrations } from '../../../electron/store/migrations';
import { migration as provisioning } from '../../../electron/store/migrations/0005_provisioning';

export interface Ran {
  code: number;
  out: string;
  err: string;
  /** Wall time of the command. */
  ms: number;
}

/**
 * `pos-station provision|flash` run in this process over a store in the directory `dataDir()`
 * gives at the time (tests make it in beforeAll): output captured, a usage error exit 2 as
 * electron/cli/index.ts makes it.
 */
export function provisionCli(dataDir: () => string): {
  openStore: OpenStore;
  run: (...args: string[]) => Promise<Ran>;
  /** The same, calling `watch` with everything written to stderr so far after every write. */
  runWatching: (watch: (err: string) => void, ...args: string[]) => Promise<Ran>;
  /** `flash --port PORT --image IMAGE`, then any further flags. */
  flash: (port: string, image: string, ...flags: string[]) => Promise<Ran>;
} {
  const openStore: OpenStore = () => {
    const db = openDatabase({
      file: join(dataDir(), 'station.sqlite'),
      migrations: [...migrations.filter((m) => m.version !== provisioning.version), provisioning],
    });
    return { db, dataDir: dataDir(), close: () => db.close() };
  };
  const runWatching = async (watch: (err: string) => void, ...args: string[]): Promise<Ran> => {
    const ran: Ran = { code: 0, out: '', err: '', ms: 0 };
    const program = new Command('pos-station')
      .exitOverride()
      .configureOutput({ writeErr: (t) => void (ran.err += t), writeOut: (t) => void (ran.out += t) });
    registerProvisionCommands(program, openStore, {
      out: (t) => void (ran.out += t),
      err: (t) => {
        ran.err += t;
        watch(ran.err);
      },
      setExitCode: (c) => void (ran.code = c),
    });
    const started = performance.now();
    try {
      await program.parseAsync(['node', 'pos-station', ...args]);
    } catch (error) {
      if (!(error instanceof CommanderError)) throw error;
      ran.code = error.exitCode === 0 ? 0 : 2;
    }
    ran.ms = performance.now() - started;
    return ran;
  };
  const run = (...args: string[]) => runWatching(() => undefined, ...args);
  const flash = (port: string, image: string, ...flags: string[]) =>
    run('flash', '--port', port, '--image', image, ...flags);
  return { openStore, run, runWatching, flash };
}
