import type { PinnedRoot } from '../../../../native/attestation/verify-chain';
import type { FlashProgress } from '../../../../native/client/flash-transfer';
import type { DeviceError } from '../../../../native/client/device-error';
import type { Identity, TerminalClient } from '../../../../native/client/terminal-client';
import type { GenuineVerdict } from '../genuine/genuine-check';
import type { RegistryReader } from '../registry/registry-entry';
import type { EvidenceStore, Failure, ShipmentRecord } from '../evidence/evidence-store';
import type { ApplicationSource, LimitProfile } from './binding';
import type { FirmwareCatalog, LoadedImage } from './firmware-catalog';
import type { Freezes } from '../registry/freezes';

import type { PipelineStep } from '../../../contract/domain/devices/provisioning';

export type { PipelineStep };

export interface PipelineRequest {
  readonly operator: string;
  /** null: keep the unit's firmware (the step is recorded as skipped). */
  readonly firmware: LoadedImage | null;
  /** null: no binding (stock unit); the ship record says so. */
  readonly applicationId: string | null;
  /** What the barcode scanner typed from the box QR, when scanned. */
  readonly scannedSerial?: string;
  readonly questionnaireAnswered: boolean;
  readonly accountClass: 'I' | 'II';
  /** The serial the unit gave when the pool identified it: a drop-off during IDENTITY can wait for it. */
  readonly knownSerial?: string;
}

/** The registry's word on a unit just before binding (docs/sync.md §1, devices). */
export interface HubRegistryAnswer {
  readonly status: 'active' | 'frozen' | 'revoked' | 'unknown';
  readonly reason: string | null;
  /** Revoked by a scrap (device.scrap at any station): present, true, only then. */
  readonly scrapped?: true;
  /** 'hub': asked fresh now (online); 'local copy': the pulled copy (hub unreachable). */
  readonly source: 'hub' | 'local copy';
}

/** Asks the sync hub about a unit before binding it. A standalone station has none: no check. */
export interface HubRegistryCheck {
  beforeBinding(serial: string): Promise<HubRegistryAnswer>;
}

export interface PipelineDeps {
  readonly evidence: EvidenceStore;
  readonly registry: RegistryReader;
  readonly pinnedRoots: readonly PinnedRoot[];
  readonly stationId: string;
  readonly catalog: FirmwareCatalog;
  readonly applications: ApplicationSource;
  readonly limitProfile: (profile: {
    questionnaireAnswered: boolean;
    accountClass: 'I' | 'II';
  }) => LimitProfile;
  /**
   * Production: the box QR must have been scanned (certificate serial = reported serial = box) before
   * anything is written to the unit. Demo mode relaxes it; the evidence says so. Default true.
   */
  readonly requireBoxScan?: boolean;
  /** A station synced with a hub asks it before binding; absent on a standalone station. */
  readonly hubRegistry?: HubRegistryCheck;
  /** Freezes and lifted freezes to bring onto the unit at connect (support); absent = none. */
  readonly freezes?: Freezes;
}

export interface PipelineHooks {
  onStarted?(runId: string): void;
  onStep?(step: PipelineStep): void;
  onIdentity?(identity: Identity): void;
  onVerdict?(verdict: GenuineVerdict): void;
  onFlashProgress?(progress: FlashProgress): void;
  onPaused?(cause: DeviceError): void;
  onResumed?(): void;
  /**
   * The unit stopped answering or went away: resolves with a client to the same unit (matched by
   * serial, on any port) once it is back; rejects when the run should give up.
   */
  reacquire(serial: string, cause: DeviceError): Promise<TerminalClient>;
}

export interface PipelineOutcome {
  readonly runId: string;
  readonly status: 'succeeded' | 'refused' | 'failed';
  readonly failure: Failure | null;
  readonly serial: string | null;
  readonly verdict: GenuineVerdict | null;
  readonly shipment: ShipmentRecord | null;
}
