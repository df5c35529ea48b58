import type {
  FactoryReset,
  FactoryResetAck,
  Unfreeze,
  UnfreezeAck,
  UnfreezeChallenge,
  UnfreezeNonce,
} from './support-messages';
import type {
  AckStatus,
  BlockEncoding,
  BootState,
  Component,
  CounterId,
  DeviceMode,
  LimitChannel,
  LogLevel,
  SelftestResult,
  SignatureAlg,
  Slot,
} from './enums';
import type { DeviceFacts, FactsRequest, JournalPage, JournalRequest } from './diagnosis-messages';

export type {
  DeviceFacts,
  FactsRequest,
  JournalEntry,
  JournalPage,
  JournalRequest,
} from './diagnosis-messages';

/** Every message of docs/protocol.md, one interface per frame type. */
export interface Hello {
  kind: 'hello';
  minVersion: number;
  maxVersion: number;
  maxWindow: number;
  maxBlockSize: number;
  linkBaud: number;
}
export interface HelloAck {
  kind: 'helloAck';
  version: number;
  window: number;
  blockSize: number;
  linkBaud: number;
  writeBytesPerSec: number;
  hashBytesPerSec: number;
}
export interface IdentityRequest {
  kind: 'identity';
}
export interface IdentityInfo {
  kind: 'identityInfo';
  model: string;
  hwRevision: string;
  serial: string;
  bootloaderVersion: string;
  firmwareVersion: string;
  securityCounter: number;
  activeSlot: Slot;
  bootState: BootState;
  mode: DeviceMode;
  tamper: boolean;
  frozen: boolean;
  imei: string;
  iccid: string;
  simActivationDate: string;
  boundApplicationId: string;
}
export interface Attest {
  kind: 'attest';
  stationNonce: Uint8Array;
  stationId: string;
}
export interface Attestation {
  kind: 'attestation';
  deviceNonce: Uint8Array;
  firmwareHash: Uint8Array;
  certs: Uint8Array[];
  signatureAlg: SignatureAlg;
  signature: Uint8Array;
}
export interface FwManifest {
  kind: 'fwManifest';
  offset: number;
  totalSize: number;
  chunk: Uint8Array;
}
export interface FwManifestAck {
  kind: 'fwManifestAck';
  received: number;
}
export interface FwBegin {
  kind: 'fwBegin';
}
export interface FwReady {
  kind: 'fwReady';
  targetSlot: Slot;
  blockSize: number;
  blockCount: number;
  held: Uint8Array;
}
export interface FwBlock {
  kind: 'fwBlock';
  xfer: number;
  blockIndex: number;
  /** Where in the block's encoded bytes this unit's data starts. */
  offset: number;
  encoding: BlockEncoding;
  /** Length of the whole block's encoded bytes (all its units together). */
  encodedSize: number;
  data: Uint8Array;
}
export interface FwAck {
  kind: 'fwAck';
  nextXfer: number;
  status: AckStatus;
  blockIndex: number;
}
export interface FwEnd {
  kind: 'fwEnd';
}
export interface FwDone {
  kind: 'fwDone';
  slot: Slot;
  imageSha256: Uint8Array;
}
export interface Reboot {
  kind: 'reboot';
}
export interface RebootAck {
  kind: 'rebootAck';
}
export interface Confirm {
  kind: 'confirm';
}
export interface ConfirmAck {
  kind: 'confirmAck';
}
export interface Rollback {
  kind: 'rollback';
}
export interface RollbackAck {
  kind: 'rollbackAck';
}
export interface Selftest {
  kind: 'selftest';
}
export interface SelftestEntry {
  component: Component;
  result: SelftestResult;
  detail: string;
}
export interface SelftestReport {
  kind: 'selftestReport';
  results: SelftestEntry[];
  rolledBack: boolean;
}
export interface Limit {
  channel: LimitChannel;
  perTransactionFen: number;
  perDayFen: number;
}
export interface Bind {
  kind: 'bind';
  applicationId: string;
  settlementCard: string;
  limitProfile: string;
  questionnaireAnswered: boolean;
  limits: Limit[];
}
export interface BindAck {
  kind: 'bindAck';
  applicationId: string;
}
export interface LogsRequest {
  kind: 'logs';
  fromIndex: number;
  maxEntries: number;
}
export interface LogEntry {
  index: number;
  time: number;
  level: LogLevel;
  code: number;
  message: string;
}
export interface LogPage {
  kind: 'logPage';
  total: number;
  entries: LogEntry[];
}
export interface CountersRequest {
  kind: 'counters';
}
export interface CounterValue {
  id: CounterId;
  value: number;
}
export interface CounterValues {
  kind: 'counterValues';
  values: CounterValue[];
}
export interface Freeze {
  kind: 'freeze';
  reason: string;
}
export interface FreezeAck {
  kind: 'freezeAck';
}
export interface ErrorMessage {
  kind: 'error';
  code: number;
  requestType: number;
  detail: string;
}

export type Request =
  | Hello
  | IdentityRequest
  | Attest
  | FwManifest
  | FwBegin
  | FwBlock
  | FwEnd
  | Reboot
  | Confirm
  | Rollback
  | Selftest
  | Bind
  | LogsRequest
  | CountersRequest
  | Freeze
  | JournalRequest
  | FactsRequest
  | UnfreezeChallenge
  | Unfreeze
  | FactoryReset;

export type Answer =
  | HelloAck
  | IdentityInfo
  | Attestation
  | FwManifestAck
  | FwReady
  | FwAck
  | FwDone
  | RebootAck
  | ConfirmAck
  | RollbackAck
  | SelftestReport
  | BindAck
  | LogPage
  | CounterValues
  | FreezeAck
  | JournalPage
  | DeviceFacts
  | UnfreezeNonce
  | UnfreezeAck
  | FactoryResetAck
  | ErrorMessage;

export type Message = Request | Answer;

/** The answer kind for each request kind (ERROR may always answer instead). */
export interface AnswerFor {
  hello: HelloAck;
  identity: IdentityInfo;
  attest: Attestation;
  fwManifest: FwManifestAck;
  fwBegin: FwReady;
  fwBlock: FwAck;
  fwEnd: FwDone;
  reboot: RebootAck;
  confirm: ConfirmAck;
  rollback: RollbackAck;
  selftest: SelftestReport;
  bind: BindAck;
  logs: LogPage;
  counters: CounterValues;
  freeze: FreezeAck;
  journal: JournalPage;
  facts: DeviceFacts;
  unfreezeChallenge: UnfreezeNonce;
  unfreeze: UnfreezeAck;
  factoryReset: FactoryResetAck;
}
