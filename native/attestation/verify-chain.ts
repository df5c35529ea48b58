import { X509Certificate as NodeCertificate, type KeyObject } from 'node:crypto';
import { keyFingerprint } from './key-fingerprint';
import { SERIAL_NUMBER_OID, x509 } from './x509';

/**
 * A trust anchor: the production manufacturer root, the roots of makers an admin added (with a second
 * person's approval), and in demo mode also the demo CA root.
 */
export interface PinnedRoot {
  readonly name: string;
  readonly cert: NodeCertificate;
  /** The terminal maker this root belongs to and the models it may certify; absent: not restricted. */
  readonly maker?: RootMaker;
}

export interface RootMaker {
  readonly name: string;
  /** null: the built-in root, which may certify any model no named maker holds. */
  readonly models: readonly string[] | null;
}

export function pinnedRoot(name: string, certPemOrDer: string | Uint8Array, maker?: RootMaker): PinnedRoot {
  return {
    name,
    cert: new NodeCertificate(typeof certPemOrDer === 'string' ? certPemOrDer : Buffer.from(certPemOrDer)),
    ...(maker ? { maker } : {}),
  };
}

export type ChainProblemCode =
  | 'chain_malformed'
  | 'chain_untrusted'
  | 'chain_expired'
  | 'chain_not_yet_valid'
  | 'leaf_is_ca'
  | 'leaf_basic_constraints_missing'
  | 'leaf_key_usage'
  | 'issuer_not_ca';

export interface ChainProblem {
  readonly code: ChainProblemCode;
  /** Technical detail for the evidence sheet (which certificate, which date). */
  readonly detail: string;
}

/** What the station learns from a readable device certificate. */
export interface DeviceCertificateInfo {
  /** X.520 serialNumber from the subject; undefined when the certificate has none. */
  readonly serial: string | undefined;
  /** OU of the subject: the build mode the manufacturer certified. */
  readonly mode: string | undefined;
  readonly subject: string;
  readonly publicKey: KeyObject;
  readonly keyFingerprint: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

export interface ChainResult {
  /** Undefined only when the leaf itself cannot be read. */
  readonly leaf: DeviceCertificateInfo | undefined;
  /** Name of the pinned root the chain reached, when it reached one. */
  readonly root: string | undefined;
  /** The maker of that root, when the root is a maker's. */
  readonly maker: RootMaker | undefined;
  /** Empty when the chain is valid. */
  readonly problems: readonly ChainProblem[];
}

interface Parsed {
  readonly node: NodeCertificate;
  readonly peculiar: x509.X509Certificate;
}

const MAX_INTERMEDIATES = 3;

/**
 * Verifies a device certificate chain (leaf first, then intermediates, DER) against pinned roots at
 * `now`: signatures up to a pinned root, validity of every certificate on the path, basicConstraints
 * and keyUsage. Synchronous and allocation-light: it runs inside the genuine check's 50 ms budget.
 */
export function verifyDeviceChain(
  chainDer: readonly Uint8Array[],
  roots: readonly PinnedRoot[],
  now: Date,
): ChainResult {
  let parsed: Parsed[];
  try {
    parsed = chainDer.map((der) => ({
      node: new NodeCertificate(Buffer.from(der)),
      peculiar: new x509.X509Certificate(new Uint8Array(der)),
    }));
  } catch (err) {
    return malformed(`A certificate in the chain cannot be read: ${(err as Error).message}`);
  }
  const [leaf, ...intermediates] = parsed;
  if (!leaf) return malformed('The device sent no certificate.');

  const problems: ChainProblem[] = [];
  const info = leafInfo(leaf);
  checkLeafProfile(leaf, problems);

  const path: Parsed[] = [leaf];
  let root: PinnedRoot | undefined;
  let current = leaf;
  while (!root) {
    root = roots.find((r) => current.node.checkIssued(r.cert) && current.node.verify(r.cert.publicKey));
    if (root) break;
    const next = intermediates.find(
      (c) => !path.includes(c) && current.node.checkIssued(c.node) && current.node.verify(c.node.publicKey),
    );
    if (!next || path.length > MAX_INTERMEDIATES) {
      problems.push({
        code: 'chain_untrusted',
        detail: `No pinned root issued "${oneLine(current.node.issuer)}" (pinned: ${roots.map((r) => r.name).join(', ') || 'none'}).`,
      });
      break;
    }
    checkIssuerProfile(next, path.length - 1, problems);
    path.push(next);
    current = next;
  }

  for (const c of path)
    checkValidity(c.node.subject, c.peculiar.notBefore, c.peculiar.notAfter, now, problems);
  if (root) {
    checkValidity(root.name, new Date(root.cert.validFrom), new Date(root.cert.validTo), now, problems);
    if (!root.cert.ca)
      problems.push({ code: 'issuer_not_ca', detail: `Pinned root ${root.name} is not a CA.` });
  }
  return { leaf: info, root: root?.name, maker: root?.maker, problems };
}

// Dates, subject and key come from node's parser: @peculiar/x509's getters for them cost about a
// millisecond per check, a third of the whole genuine check.
function leafInfo(leaf: Parsed): DeviceCertificateInfo {
  const subject = leaf.peculiar.subjectName;
  const publicKey = leaf.node.publicKey;
  return {
    serial: subject.getField(SERIAL_NUMBER_OID)[0],
    mode: subject.getField('OU')[0],
    subject: oneLine(leaf.node.subject),
    publicKey,
    keyFingerprint: keyFingerprint(publicKey),
    notBefore: new Date(leaf.node.validFrom),
    notAfter: new Date(leaf.node.validTo),
  };
}

function oneLine(name: string): string {
  return name.replace(/\n/g, ', ');
}

function checkLeafProfile(leaf: Parsed, problems: ChainProblem[]): void {
  const bc = leaf.peculiar.getExtension(x509.BasicConstraintsExtension);
  if (!bc) {
    problems.push({
      code: 'leaf_basic_constraints_missing',
      detail: 'The device certificate has no basicConstraints.',
    });
  } else if (bc.ca) {
    problems.push({
      code: 'leaf_is_ca',
      detail: 'The device certificate claims to be a CA (basicConstraints CA:TRUE).',
    });
  }
  const ku = leaf.peculiar.getExtension(x509.KeyUsagesExtension);
  if (!ku || (ku.usages & x509.KeyUsageFlags.digitalSignature) === 0) {
    problems.push({
      code: 'leaf_key_usage',
      detail: ku
        ? 'The device certificate keyUsage lacks digitalSignature.'
        : 'The device certificate has no keyUsage.',
    });
  }
}

/** `below` = number of intermediates between this CA and the leaf, for pathLenConstraint. */
function checkIssuerProfile(ca: Parsed, below: number, problems: ChainProblem[]): void {
  const bc = ca.peculiar.getExtension(x509.BasicConstraintsExtension);
  const ku = ca.peculiar.getExtension(x509.KeyUsagesExtension);
  const name = oneLine(ca.node.subject);
  if (!bc?.ca) {
    problems.push({ code: 'issuer_not_ca', detail: `Intermediate "${name}" is not a CA.` });
  } else if (bc.pathLength !== undefined && below > bc.pathLength) {
    problems.push({
      code: 'issuer_not_ca',
      detail: `Intermediate "${name}" may not issue this deep (pathLen ${bc.pathLength}).`,
    });
  }
  if (ku && (ku.usages & x509.KeyUsageFlags.keyCertSign) === 0) {
    problems.push({
      code: 'issuer_not_ca',
      detail: `Intermediate "${name}" may not sign certificates (keyUsage).`,
    });
  }
}

function checkValidity(
  name: string,
  notBefore: Date,
  notAfter: Date,
  now: Date,
  problems: ChainProblem[],
): void {
  const who = oneLine(name);
  if (now < notBefore) {
    problems.push({
      code: 'chain_not_yet_valid',
      detail: `"${who}" is valid only from ${notBefore.toISOString()}.`,
    });
  } else if (now > notAfter) {
    problems.push({ code: 'chain_expired', detail: `"${who}" expired on ${notAfter.toISOString()}.` });
  }
}

function malformed(detail: string): ChainResult {
  return {
    leaf: undefined,
    root: undefined,
    maker: undefined,
    problems: [{ code: 'chain_malformed', detail }],
  };
}
