import type { Db } from '../store/database';

/** The store with migrations applied; the CLI closes it when a command is done. */
export interface StoreHandle {
  readonly db: Db;
  readonly dataDir: string;
  close(): void;
}
export type OpenStore = () => StoreHandle;

/** Runs `work` on a freshly opened store and always closes it. */
export async function withStore<T>(
  openStore: OpenStore,
  work: (db: Db, dataDir: string) => T | Promise<T>,
): Promise<T> {
  const store = openStore();
  try {
    return await work(store.db, store.dataDir);
  } finally {
    store.close();
  }
}
