/** Frame type codes (docs/protocol.md §2). An answer is its request's code with bit 7 set. */
export const MessageType = {
  hello: 0x01,
  helloAck: 0x81,
  identity: 0x02,
  identityInfo: 0x82,
  attest: 0x03,
  attestation: 0x83,
  fwManifest: 0x10,
  fwManifestAck: 0x90,
  fwBegin: 0x11,
  fwReady: 0x91,
  fwBlock: 0x12,
  fwAck: 0x92,
  fwEnd: 0x13,
  fwDone: 0x93,
  reboot: 0x14,
  rebootAck: 0x94,
  confirm: 0x15,
  confirmAck: 0x95,
  rollback: 0x16,
  rollbackAck: 0x96,
  selftest: 0x20,
  selftestReport: 0xa0,
  bind: 0x21,
  bindAck: 0xa1,
  logs: 0x22,
  logPage: 0xa2,
  counters: 0x23,
  counterValues: 0xa3,
  freeze: 0x24,
  freezeAck: 0xa4,
  // Diagnosis reads (§8.1–8.2): a range of their own.
  journal: 0x30,
  journalPage: 0xb0,
  facts: 0x31,
  deviceFacts: 0xb1,
  // Support (§8.3–8.4): 0x28–0x2A, clear of the diagnosis reads.
  unfreezeChallenge: 0x28,
  unfreezeNonce: 0xa8,
  unfreeze: 0x29,
  unfreezeAck: 0xa9,
  factoryReset: 0x2a,
  factoryResetAck: 0xaa,
  error: 0x7f,
} as const;

export type MessageKind = keyof typeof MessageType;

const kindByType = new Map<number, MessageKind>(
  (Object.entries(MessageType) as [MessageKind, number][]).map(([kind, type]) => [type, kind]),
);

export function kindOfType(type: number): MessageKind | undefined {
  return kindByType.get(type);
}

export const ANSWER_BIT = 0x80;
