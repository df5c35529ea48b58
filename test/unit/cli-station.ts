import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OpenStore } from '../../electron/cli/store-handle';
import { openDatabase, type Db } from '../../electron/store/database';
import { capturedIo, type CapturedIo } from './captured-io';

export interface CliStation {
  /** A fresh data directory (the test removes it). */
  readonly dir: string;
  /** Opens the store in `dir` as the CLI does, once per command. */
  readonly openStore: OpenStore;
  readonly io: CapturedIo;
}

/** A CLI test's station: a fresh data directory, its store opened on demand, the output captured. */
export function freshCliStation(
  prefix: string,
  open: (file: string) => Db = (file) => openDatabase({ file }),
  fileName = 'station.sqlite',
): CliStation {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const openStore: OpenStore = () => {
    const db = open(join(dir, fileName));
    return { db, dataDir: dir, close: () => db.close() };
  };
  return { dir, openStore, io: capturedIo() };
}
