import { openDatabase, type Db } from '../../../electron/store/database';
import { migrations } from '../../../electron/store/migrations';
import { migration as devices } from '../../../electron/store/migrations/0003_devices';

/** An in-memory store with the shipped migrations plus the device registry (whether or not index.ts lists it yet). */
export function openTestStore(): Db {
  return openDatabase({
    file: ':memory:',
    migrations: [...migrations.filter((m) => m.version !== devices.version), devices],
  });
}
