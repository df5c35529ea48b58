import { openDatabase, type Db } from '../../../electron/store/database';
import { migrations } from '../../../electron/store/migrations';
import { migration as devices } from '../../../electron/store/migrations/0003_devices';

/** A store with the shipped migrations, the device registry among them (added here should index.ts lack it). */
export function openTestStore(file = ':memory:'): Db {
  return openDatabase({
    file,
    migrations: [...migrations.filter((m) => m.version !== devices.version), devices],
  });
}
