import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { caRootFile } from '../../native/attestation/ca';

/** --demo and --demo-root, as the commands that meet units take them. */
export interface DemoTrustOptions {
  demo: boolean;
  demoRoot?: string;
}

/**
 * What trusting the demo's test manufacturer CA means for a command: with --demo, the root given by
 * --demo-root or else the one `serve --demo` made under the data directory, when that file exists.
 */
export function demoTrust(opts: DemoTrustOptions, dataDir: string): { demo: boolean; demoRootFile?: string } {
  const demoRoot = opts.demoRoot ?? caRootFile(join(dataDir, 'demo', 'ca'));
  return { demo: opts.demo, ...(opts.demo && existsSync(demoRoot) ? { demoRootFile: demoRoot } : {}) };
}
