import { attestationTranscript } from '../../../../native/protocol/attestation-transcript';
import type { DeviceMode } from '../../../../native/protocol/enums';
import { verifyAttestationSignature } from '../../../../native/attestation/verify-attestation-signature';
import { verifyDeviceChain, type PinnedRoot } from '../../../../native/attestation/verify-chain';
import { equalBytes } from '../../../../native/firmware/bytes';
import type { RegistryReader } from '../registry/registry-entry';
import { byPriority, genuineReason, type GenuineReason, type GenuineReasonCode } from './reasons';

/** What the terminal reported about itself (the protocol's identity answer). */
export interface ReportedIdentity {
  readonly serial: string;
  readonly model: string;
  readonly mode: DeviceMode;
  readonly tamper: boolean;
  readonly frozen: boolean;
  /** When the identity answer carries one: must equal the attested firmware hash. */
  readonly firmwareHash?: Uint8Array;
}

/** The terminal's attestation answer (the protocol's attestation message). */
export interface AttestationAnswer {
  readonly deviceNonce: Uint8Array;
  readonly firmwareHash: Uint8Array;
  /** Leaf first, then intermediates; DER. */
  readonly certs: readonly Uint8Array[];
  readonly signature: Uint8Array;
}

export interface GenuineCheckInput {
  readonly identity: ReportedIdentity;
  readonly attestation: AttestationAnswer;
  /** The fresh nonce this station sent for this check. */
  readonly stationNonce: Uint8Array;
  readonly stationId: string;
  /** Serial read from the box QR code, when the worker scanned it. */
  readonly scannedSerial?: string;
  readonly pinnedRoots: readonly PinnedRoot[];
  readonly registry: RegistryReader;
  /** 'merchant' (default) refuses test and sample units; 'internal' (lab, refurbishment) allows them. */
  readonly purpose?: 'merchant' | 'internal';
  readonly now?: Date;
}

export interface GenuineVerdict {
  readonly genuine: boolean;
  /** 'genuine', or the most important reason's code. */
  readonly code: 'genuine' | GenuineReasonCode;
  /** Every reason found, most important first; empty when genuine. */
  readonly reasons: readonly GenuineReason[];
  readonly serial: string;
  /** Of the certificate's key, when the certificate could be read. */
  readonly keyFingerprint: string | undefined;
  /** The pinned root the chain reached. */
  readonly root: string | undefined;
  /** The terminal maker of that root, when the root belongs to a named maker. */
  readonly maker: string | undefined;
  readonly checkedAt: string;
}

/**
 * Decides whether a terminal is a genuine unit that may go to a merchant. Pure: no I/O beyond the
 * synchronous registry lookups, no clock beyond `now`; it collects every reason rather than
 * stopping at the first, so the evidence sheet shows the whole picture.
 */
export function checkGenuine(input: GenuineCheckInput): GenuineVerdict {
  const now = input.now ?? new Date();
  const { identity, attestation } = input;
  const reasons: GenuineReason[] = [];
  const add = (code: GenuineReasonCode, params?: Record<string, string>, detail?: string) =>
    reasons.push(genuineReason(code, params, detail));

  const chain = verifyDeviceChain(attestation.certs, input.pinnedRoots, now);
  for (const p of chain.problems) add(p.code, {}, p.detail);
  const leaf = chain.leaf;
  // A maker's root vouches only for that maker's models, and a model a named maker holds is vouched
  // for by no other root: a certificate from one maker claiming another's model is refused even when
  // its chain is sound.
  if (chain.root) {
    const model = identity.model;
    const owner = input.pinnedRoots.find((r) => r.maker?.models?.includes(model))?.maker;
    const allowed = chain.maker?.models ? chain.maker.models.includes(model) : owner === undefined;
    if (!allowed) {
      add('maker_model_not_allowed', {
        model,
        maker: chain.maker?.name ?? chain.root,
        owner: owner?.name ?? '',
      });
    }
  }

  if (leaf) {
    let transcript: Uint8Array | undefined;
    try {
      transcript = attestationTranscript({
        stationNonce: input.stationNonce,
        deviceNonce: attestation.deviceNonce,
        stationId: input.stationId,
        firmwareHash: attestation.firmwareHash,
      });
    } catch (err) {
      add('attestation_malformed', {}, (err as Error).message);
    }
    if (transcript && !verifyAttestationSignature(leaf.publicKey, transcript, attestation.signature)) {
      add(
        'signature_invalid',
        {},
        'Signature does not verify over this station nonce, station id and firmware hash.',
      );
    }
  }

  if (identity.firmwareHash && !equalBytes(identity.firmwareHash, attestation.firmwareHash)) {
    add('firmware_hash_mismatch');
  }

  const reported = identity.serial;
  if (leaf && leaf.serial === undefined) add('cert_serial_missing');
  if (leaf?.serial !== undefined && leaf.serial !== reported) {
    add('serial_mismatch_certificate', { reported, certificate: leaf.serial });
  }
  if (input.scannedSerial !== undefined) {
    const scanned = serialFromBoxCode(input.scannedSerial);
    if (scanned !== reported)
      add('serial_mismatch_scanned', { scanned: scanned || input.scannedSerial, reported });
  }

  const entry = input.registry.lookup(reported);
  if (leaf) {
    const keyOwner = input.registry.lookupByKeyFingerprint(leaf.keyFingerprint);
    if (keyOwner && keyOwner.serial !== reported) add('registry_duplicate_key', { other: keyOwner.serial });
  }
  if (!entry) {
    add('registry_unknown', { serial: reported });
  } else {
    if (leaf && entry.keyFingerprint !== leaf.keyFingerprint) {
      add(
        'registry_clone',
        { serial: reported },
        `Registered key ${entry.keyFingerprint}, presented ${leaf.keyFingerprint}.`,
      );
    }
    if (entry.status === 'revoked')
      add('registry_revoked', { serial: reported }, entry.statusReason ?? undefined);
    if (entry.status === 'frozen')
      add('registry_frozen', { serial: reported, reason: entry.statusReason ?? '—' });
    if (entry.model !== identity.model)
      add('registry_model_mismatch', { reported: identity.model, registered: entry.model });
  }

  if ((input.purpose ?? 'merchant') === 'merchant') {
    // The mode counts from any source: what the unit says, what its certificate says, what the manufacturer declared.
    const modes = new Set<string>([identity.mode, leaf?.mode ?? 'production', entry?.mode ?? 'production']);
    if (modes.has('test_unit')) add('mode_test_unit', {}, `Modes seen: ${[...modes].join(', ')}.`);
    if (modes.has('sample_unit')) add('mode_sample_unit', {}, `Modes seen: ${[...modes].join(', ')}.`);
  }
  if (identity.tamper) add('tampered');
  if (identity.frozen) add('device_frozen');

  reasons.sort(byPriority);
  return {
    genuine: reasons.length === 0,
    code: reasons[0]?.code ?? 'genuine',
    reasons,
    serial: reported,
    keyFingerprint: leaf?.keyFingerprint,
    root: chain.root,
    maker: chain.maker?.name,
    checkedAt: now.toISOString(),
  };
}

/**
 * The serial in what a barcode scanner typed from the box QR: the bare serial, or a URL carrying it
 * as ?sn= or ?serial=. Returns '' when none can be found.
 */
export function serialFromBoxCode(scanned: string): string {
  const text = scanned.trim();
  if (/^[A-Za-z0-9]{6,24}$/.test(text)) return text.toUpperCase();
  try {
    const url = new URL(text);
    const sn = url.searchParams.get('sn') ?? url.searchParams.get('serial');
    if (sn && /^[A-Za-z0-9]{6,24}$/.test(sn)) return sn.toUpperCase();
  } catch {
    // not a URL: fall through
  }
  return '';
}
