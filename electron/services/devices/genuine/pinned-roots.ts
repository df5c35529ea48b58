import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pemBlocks } from '../../../../native/attestation/pem';
import { pinnedRoot, type PinnedRoot, type RootMaker } from '../../../../native/attestation/verify-chain';
import { X509Certificate } from 'node:crypto';

/** The production manufacturer root, relative to the resources directory (see resources/ca/README.md). */
export const PRODUCTION_ROOT_FILE = join('ca', 'production-root.pem');

export interface PinnedRootsOptions {
  readonly resourcesDir: string;
  /**
   * Demo mode only: the demo CA root (from ensureDemoCa's directory). Ignored unless `demo` is true,
   * so a packaged build's default configuration can never trust the test CA.
   */
  readonly demoRootFile?: string;
  readonly demo: boolean;
}

/**
 * The production roots in a PEM file of one or more certificates: the stations' built-in roots
 * when it is the shipped PRODUCTION_ROOT_FILE; the hub reads the same file to refuse them as makers.
 */
export function loadProductionRoots(file: string): PinnedRoot[] {
  const roots = pemBlocks(readFileSync(file, 'utf8'), 'CERTIFICATE').map((der, i) =>
    pinnedRoot(i === 0 ? 'production' : `production-${i + 1}`, der, builtInMaker(der)),
  );
  if (roots.length === 0) throw new Error(`No certificate in ${file}.`);
  return roots;
}

export function loadPinnedRoots(options: PinnedRootsOptions): PinnedRoot[] {
  const roots = loadProductionRoots(join(options.resourcesDir, PRODUCTION_ROOT_FILE));
  if (options.demo && options.demoRootFile) {
    const demoDer = pemBlocks(readFileSync(options.demoRootFile, 'utf8'), 'CERTIFICATE')[0];
    if (demoDer) roots.push(pinnedRoot('demo (test CA)', demoDer, builtInMaker(demoDer)));
  }
  return roots;
}

/** The maker a built-in root names in its subject's O; it may certify any model no added maker holds. */
function builtInMaker(der: Uint8Array): RootMaker {
  const subject = new X509Certificate(Buffer.from(der)).subject;
  const org = /^O=(.+)$/m.exec(subject)?.[1];
  return { name: org ?? 'built-in root', models: null };
}
