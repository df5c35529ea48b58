import type { Migration } from '../migration';
import { migration as m0001 } from './0001_station';

/** Every shipped migration, in order. Add new files here; never edit a shipped one. */
export const migrations: readonly Migration[] = [m0001];
