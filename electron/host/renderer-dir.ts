import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The built renderer (out/renderer), found from wherever the bundler put this code. */
export function builtRendererDir(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    for (const candidate of [join(dir, 'renderer'), join(dir, 'out', 'renderer')]) {
      if (existsSync(join(candidate, 'index.html'))) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('The renderer is not built: run `npm run build` first.');
    dir = parent;
  }
}
