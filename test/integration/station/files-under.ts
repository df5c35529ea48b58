import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every file under a directory, recursively: what a test searches for data at rest in the clear. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}
