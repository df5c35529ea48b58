import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

/**
 * Bundles the terminal simulator once (as the app ships it, packages left to node_modules) and
 * points POS_SIMULATOR_ENTRY at it: a station's demo terminals then start as plain Node processes,
 * not through tsx, which on a loaded machine can take longer than the simulator's ready timeout.
 * The bundle is written under out/ (ignored by git) so its packages resolve from the checkout.
 */
export function useBundledSimulator(): void {
  const dir = join(ROOT, 'out', 'test-simulator');
  mkdirSync(dir, { recursive: true });
  const entry = join(dir, `simulator-${process.pid}.cjs`);
  execFileSync(
    join(ROOT, 'node_modules', '.bin', 'esbuild'),
    [
      join(ROOT, 'native', 'simulator', 'main.ts'),
      '--bundle',
      '--platform=node',
      '--format=cjs',
      '--packages=external',
      `--outfile=${entry}`,
      '--log-level=warning',
    ],
    { stdio: 'inherit' },
  );
  process.env.POS_SIMULATOR_ENTRY = entry;
}
