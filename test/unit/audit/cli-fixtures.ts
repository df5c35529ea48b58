import { Command } from 'commander';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIo } from '../../../electron/cli/cli-io';
import type { OpenStore } from '../../../electron/cli/store-handle';
import { openTestStore } from './fixtures';

export interface CliHarness {
  readonly openStore: OpenStore;
  /** The data directory (the store file and keys/ live here). */
  readonly dataDir: string;
  readonly io: CliIo & { stdout: string; stderr: string; exitCode: number | undefined };
  /** A program with exitOverride, so commander errors reject instead of exiting. */
  program(register: (program: Command, openStore: OpenStore, io: CliIo) => void): Command;
  run(
    register: (program: Command, openStore: OpenStore, io: CliIo) => void,
    ...args: string[]
  ): Promise<void>;
  cleanup(): void;
}

/** A store file in a temp directory, reopened by each command as the real CLI does. */
export function cliHarness(): CliHarness {
  const dir = mkdtempSync(join(tmpdir(), 'cli-test-'));
  const file = join(dir, 'station.db');
  const openStore: OpenStore = () => {
    const db = openTestStore(file);
    return { db, dataDir: dir, close: () => db.close() };
  };
  const io = {
    stdout: '',
    stderr: '',
    exitCode: undefined as number | undefined,
    out(text: string) {
      io.stdout += text;
    },
    err(text: string) {
      io.stderr += text;
    },
    setExitCode(code: number) {
      io.exitCode = code;
    },
  };
  const program: CliHarness['program'] = (register) => {
    const p = new Command('pos-station')
      .exitOverride()
      .configureOutput({ writeErr: () => {}, writeOut: () => {} });
    register(p, openStore, io);
    return p;
  };
  return {
    openStore,
    dataDir: dir,
    io,
    program,
    run: async (register, ...args) => {
      await program(register).parseAsync(args, { from: 'user' });
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
