import { randomBytes } from 'node:crypto';
import { verifyAttestationSignature } from '../attestation/verify-attestation-signature';
import { verifyDeviceChain } from '../attestation/verify-chain';
import { FRAME_CRC_SIZE, FRAME_HEADER_SIZE, MAX_FRAME, crc32, encodeFrame } from '../framing/frame';
import { slipEncode } from '../framing/slip';
import { attestationTranscript } from '../protocol/attestation-transcript';
import { decodeMessage } from '../protocol/codec';
import { COUNTER_IDS } from '../protocol/enums';
import type { WireErrorName } from '../protocol/error-codes';
import { BLOCK_SIZES, PROTOCOL_VERSION } from '../protocol/limits';
import { MessageType } from '../protocol/message-types';
import type { Attestation } from '../protocol/messages';
import { BASE_TIMEOUT_MS, HELLO_TIMEOUT_MS } from '../protocol/timeouts';
import {
  errorCheck,
  fail,
  firstProblem,
  notRun,
  pass,
  type Clause,
  type ClauseContext,
  type Verdict,
} from './clause';
import { FIRMWARE_CLAUSES } from './firmware-clauses';
import { FREEZE_CLAUSE } from './freeze-clause';
import { frameOf, hex, wireOf } from './probe';

/** How long a clause that expects silence listens: well past §10's 1,000 ms request timeout. */
const SILENCE_MS = 1500;
const STATION_ID = 'pos-station-conformance';
const HELLO = {
  kind: 'hello',
  minVersion: 1,
  maxVersion: 1,
  maxWindow: 8,
  maxBlockSize: 1024,
  linkBaud: 0,
} as const;

/** Silence first, then the same request intact must be answered: the unit was listening all along. */
async function droppedThenAlive(ctx: ClauseContext, damaged: Uint8Array, what: string): Promise<Verdict> {
  const silent = await ctx.probe.exchange(damaged, SILENCE_MS);
  if (silent.receivedHex !== '') return fail(`answered ${what} (it must be dropped silently)`);
  const { answer } = await ctx.probe.request({ kind: 'identity' });
  return answer?.kind === 'identityInfo' ? pass : fail(`no IDENTITY_INFO to a valid frame after ${what}`);
}

async function attest(ctx: ClauseContext, seq?: number) {
  const stationNonce = new Uint8Array(randomBytes(32));
  const r = await ctx.probe.request(
    { kind: 'attest', stationNonce, stationId: STATION_ID },
    seq === undefined ? {} : { seq },
  );
  return {
    ...r,
    stationNonce,
    attestation: r.answer?.kind === 'attestation' ? (r.answer as Attestation) : undefined,
  };
}

export const CLAUSES: readonly Clause[] = [
  {
    id: 'framing.bad-crc-silent',
    section: '§1.2',
    title: 'A frame with a bad CRC is dropped silently',
    run: (ctx) => {
      const frame = encodeFrame(frameOf({ kind: 'identity' }, ctx.probe.nextSeq()));
      frame[frame.length - 1]! ^= 0xff;
      return droppedThenAlive(ctx, Uint8Array.from([0xc0, ...slipEncode(frame)]), 'a frame with a bad CRC');
    },
  },
  {
    id: 'framing.resync-after-noise',
    section: '§1.1',
    title: 'Resynchronises at the next END after noise and an invalid escape',
    run: async (ctx) => {
      const seq = ctx.probe.nextSeq();
      // Garbage with an invalid escape, ending in an ESC: the frame's leading END must still end
      // the noise packet (§1.1), and the frame after it must be answered.
      const noise = Uint8Array.from([0x55, 0xaa, 0x13, 0xdb, 0x01, 0x7e, 0x42, 0xdb]);
      const valid = wireOf(frameOf({ kind: 'identity' }, seq));
      const r = await ctx.probe.exchange(Uint8Array.from([...noise, ...valid]), 3000, seq);
      const answer = r.frames.find((f) => f.seq === seq);
      if (!answer) return fail('no answer to a valid frame sent right after noise');
      return answer.type === MessageType.identityInfo
        ? pass
        : fail(`answered type 0x${answer.type.toString(16)}`);
    },
  },
  {
    id: 'framing.overlong-dropped',
    section: '§1.1',
    title: `A frame longer than MAX_FRAME (${MAX_FRAME} bytes) is dropped, the next one answered`,
    run: async (ctx) => {
      const longSeq = ctx.probe.nextSeq();
      const payloadSize = MAX_FRAME; // header + this + CRC is past MAX_FRAME
      const long = new Uint8Array(FRAME_HEADER_SIZE + payloadSize + FRAME_CRC_SIZE);
      const view = new DataView(long.buffer);
      view.setUint8(0, 1);
      view.setUint8(1, MessageType.logs);
      view.setUint16(2, longSeq, true);
      view.setUint16(4, payloadSize, true);
      long.fill(0x11, FRAME_HEADER_SIZE, FRAME_HEADER_SIZE + payloadSize);
      view.setUint32(
        FRAME_HEADER_SIZE + payloadSize,
        crc32(long.subarray(0, FRAME_HEADER_SIZE + payloadSize)),
        true,
      );
      const seq = ctx.probe.nextSeq();
      const r = await ctx.probe.exchange(
        Uint8Array.from([0xc0, ...slipEncode(long), ...wireOf(frameOf({ kind: 'identity' }, seq))]),
        3000,
        seq,
      );
      return firstProblem([
        r.frames.some((f) => f.seq !== seq) && 'answered the over-long frame',
        !r.frames.some((f) => f.seq === seq && f.type === MessageType.identityInfo) &&
          'no IDENTITY_INFO to the valid frame after the over-long one',
      ]);
    },
  },
  {
    id: 'errors.unknown-type',
    section: '§1.3, §2.1',
    title: 'An unknown message type is answered ERROR UNKNOWN_TYPE, seq and type echoed',
    run: async (ctx) => {
      const seq = ctx.probe.nextSeq();
      const r = await ctx.probe.exchange(wireOf({ type: 0x55, seq, payload: new Uint8Array(0) }), 3000, seq);
      const frame = r.frames.find((f) => f.seq === seq);
      const decoded = frame ? decodeMessage(frame.type, frame.payload) : undefined;
      return firstProblem([errorCheck(decoded?.ok ? decoded.message : undefined, 'UNKNOWN_TYPE', 0x55)]);
    },
  },
  {
    id: 'errors.bad-payload',
    section: '§1.3, §9',
    title: 'A known type whose payload does not parse is answered ERROR BAD_PAYLOAD',
    run: async (ctx) => {
      const seq = ctx.probe.nextSeq();
      const r = await ctx.probe.exchange(
        wireOf({ type: MessageType.logs, seq, payload: Uint8Array.of(1) }),
        3000,
        seq,
      );
      const frame = r.frames.find((f) => f.seq === seq);
      const decoded = frame ? decodeMessage(frame.type, frame.payload) : undefined;
      return firstProblem([
        errorCheck(decoded?.ok ? decoded.message : undefined, 'BAD_PAYLOAD', MessageType.logs),
      ]);
    },
  },
  {
    id: 'hello.negotiation',
    section: '§3',
    title:
      'HELLO: version 1, window and block size within the proposal, linkBaud 0 answered with the current speed',
    run: async (ctx) => {
      const { answer } = await ctx.probe.request(HELLO);
      if (answer?.kind !== 'helloAck') return fail(`answered ${answer?.kind ?? 'nothing'} to HELLO`);
      const baud = ctx.probe.transport.baud;
      const unsupported = await ctx.probe.request({ ...HELLO, minVersion: 2, maxVersion: 2 });
      const again = await ctx.probe.request(HELLO);
      return firstProblem([
        answer.version !== PROTOCOL_VERSION && `version ${answer.version}, expected ${PROTOCOL_VERSION}`,
        (answer.window < 1 || answer.window > HELLO.maxWindow) &&
          `window ${answer.window} outside 1..${HELLO.maxWindow}`,
        (!(BLOCK_SIZES as readonly number[]).includes(answer.blockSize) ||
          answer.blockSize > HELLO.maxBlockSize) &&
          `blockSize ${answer.blockSize} not a block size ≤ ${HELLO.maxBlockSize}`,
        baud !== undefined &&
          answer.linkBaud !== baud &&
          `linkBaud ${answer.linkBaud} to a proposal of 0 on a ${baud} baud line`,
        errorCheck(unsupported.answer, 'UNSUPPORTED_VERSION', MessageType.hello),
        again.answer?.kind !== 'helloAck' && 'no HELLO_ACK after a refused version',
      ]);
    },
  },
  {
    id: 'identity.fields',
    section: '§4',
    title: 'IDENTITY_INFO fields are well-formed',
    run: async (ctx) => {
      const { answer } = await ctx.probe.request({ kind: 'identity' });
      if (answer?.kind !== 'identityInfo') return fail(`answered ${answer?.kind ?? 'nothing'} to IDENTITY`);
      const version = /^\d+\.\d+\.\d+/;
      return firstProblem([
        answer.model === '' && 'model is empty',
        answer.serial === '' && 'serial is empty',
        !version.test(answer.firmwareVersion) &&
          `firmwareVersion "${answer.firmwareVersion}" is not a version`,
        !version.test(answer.bootloaderVersion) &&
          `bootloaderVersion "${answer.bootloaderVersion}" is not a version`,
        answer.imei !== '' && !/^\d{15}$/.test(answer.imei) && `imei "${answer.imei}" is not 15 digits`,
        answer.iccid !== '' &&
          !/^\d{19,20}$/.test(answer.iccid) &&
          `iccid "${answer.iccid}" is not 19–20 digits`,
        answer.simActivationDate !== '' &&
          !/^\d{4}-\d{2}-\d{2}$/.test(answer.simActivationDate) &&
          `simActivationDate "${answer.simActivationDate}" is not YYYY-MM-DD`,
      ]);
    },
  },
  {
    id: 'duplicate.replay',
    section: '§1.3',
    title: 'A request repeated with the same seq gets the remembered answer, not re-executed',
    run: async (ctx) => {
      const first = await attest(ctx);
      const seq = first.frame?.seq;
      if (!first.frame || seq === undefined) return fail('no answer to ATTEST');
      // The same seq and type, other bytes: the unit must answer from memory, not sign again.
      const again = await attest(ctx, seq);
      if (!again.frame) return fail('no answer to the repeated ATTEST');
      return hex(again.frame.payload) === hex(first.frame.payload)
        ? pass
        : fail('the repeated request was executed again (a different answer came back)');
    },
  },
  {
    id: 'attest.fresh-nonce',
    section: '§5',
    title: 'Each ATTEST carries a fresh device nonce',
    run: async (ctx) => {
      const a = await attest(ctx);
      const b = await attest(ctx);
      if (!a.attestation || !b.attestation) return fail('no ATTESTATION answer');
      return hex(a.attestation.deviceNonce) === hex(b.attestation.deviceNonce)
        ? fail(`device nonce ${hex(a.attestation.deviceNonce)} was sent twice`)
        : pass;
    },
  },
  {
    id: 'attest.signature',
    section: '§5; terminal-makers §1',
    title: "The signature verifies over the transcript with the leaf's key; the leaf names the unit",
    run: async (ctx) => {
      const a = await attest(ctx);
      if (!a.attestation) return fail('no ATTESTATION answer');
      const chain = verifyDeviceChain(a.attestation.certs, [], new Date());
      if (!chain.leaf)
        return fail(
          `the device certificate cannot be read: ${chain.problems.map((p) => p.detail).join('; ')}`,
        );
      const transcript = attestationTranscript({
        stationNonce: a.stationNonce,
        deviceNonce: a.attestation.deviceNonce,
        stationId: STATION_ID,
        firmwareHash: a.attestation.firmwareHash,
      });
      // The maker's root is the acquirer's to trust: only the leaf's own profile is checked here.
      const profile = chain.problems.filter(
        (p) => p.code !== 'chain_untrusted' && p.code !== 'chain_expired' && p.code !== 'chain_not_yet_valid',
      );
      return firstProblem([
        !verifyAttestationSignature(chain.leaf.publicKey, transcript, a.attestation.signature) &&
          'the signature does not verify over the transcript',
        chain.leaf.serial !== ctx.identity.serial &&
          `the certificate's serialNumber "${chain.leaf.serial ?? ''}" is not the unit's serial "${ctx.identity.serial}"`,
        profile.length > 0 && `certificate profile: ${profile.map((p) => p.detail).join('; ')}`,
      ]);
    },
  },
  {
    id: 'selftest.report',
    section: '§7',
    title: 'SELFTEST reports each component once; no rollback claimed outside a test boot',
    run: async (ctx) => {
      if (ctx.identity.bootState !== 'confirmed') return notRun('the unit is not on a confirmed image');
      const { answer } = await ctx.probe.request({ kind: 'selftest' }, { waitMs: 10_000 });
      if (answer?.kind !== 'selftestReport') return fail(`answered ${answer?.kind ?? 'nothing'} to SELFTEST`);
      const components = answer.results.map((r) => r.component);
      return firstProblem([
        new Set(components).size !== components.length &&
          `a component is reported twice: ${components.join(', ')}`,
        answer.rolledBack && 'claims a rollback on a confirmed image',
      ]);
    },
  },
  {
    id: 'bind.checks',
    section: '§8',
    title: 'BIND refuses in the documented order; an unmasked card is never stored',
    run: async (ctx) => {
      const id = ctx.identity;
      const expected: WireErrorName = id.frozen
        ? 'DEVICE_FROZEN'
        : id.tamper
          ? 'DEVICE_TAMPERED'
          : id.mode !== 'production'
            ? 'NOT_PRODUCTION_UNIT'
            : 'CARD_NOT_MASKED';
      const { answer } = await ctx.probe.request({
        kind: 'bind',
        applicationId: 'CONFORMANCE-PROBE',
        settlementCard: '6222021234567890123',
        limitProfile: 'standard',
        questionnaireAnswered: true,
        limits: [],
      });
      return firstProblem([errorCheck(answer, expected, MessageType.bind)]);
    },
  },
  {
    id: 'logs.paging',
    section: '§8',
    title: 'LOGS pages from fromIndex; indexes grow; a page past the newest is empty; maxEntries 0 refused',
    run: async (ctx) => {
      const seen: number[] = [];
      let from = 0;
      let total = 0;
      for (let page = 0; page < 40; page++) {
        const { answer } = await ctx.probe.request({ kind: 'logs', fromIndex: from, maxEntries: 2 });
        if (answer?.kind !== 'logPage')
          return fail(`answered ${answer?.kind ?? 'nothing'} to LOGS from ${from}`);
        total = answer.total;
        if (answer.entries.length > 2) return fail(`${answer.entries.length} entries for maxEntries 2`);
        if (answer.entries.length === 0) break;
        for (const e of answer.entries) {
          if (e.index < from) return fail(`entry ${e.index} returned for fromIndex ${from}`);
          if (seen.length && e.index <= seen[seen.length - 1]!)
            return fail(`index ${e.index} after ${seen[seen.length - 1]}`);
          seen.push(e.index);
        }
        from = seen[seen.length - 1]! + 1;
      }
      if (seen.length === 0) return notRun('the unit holds no log entries');
      const zero = await ctx.probe.request({ kind: 'logs', fromIndex: 0, maxEntries: 0 });
      return firstProblem([
        seen.length >= 80 && 'paging did not end',
        total < 1024 && seen.length !== total && `paged ${seen.length} entries, total says ${total}`,
        errorCheck(zero.answer, 'BAD_PAYLOAD', MessageType.logs),
      ]);
    },
  },
  {
    id: 'logs.wrap',
    section: '§8',
    title: 'After the 1,024-entry buffer wraps, total stays 1024 and the oldest held starts the page',
    run: async (ctx) => {
      const { answer } = await ctx.probe.request({ kind: 'logs', fromIndex: 0, maxEntries: 1 });
      if (answer?.kind !== 'logPage') return fail(`answered ${answer?.kind ?? 'nothing'} to LOGS`);
      if (answer.total < 1024 && answer.entries[0]?.index === 0)
        return notRun(
          `the unit holds ${answer.total} entries and has not wrapped; a conformance run cannot make it write 1,024`,
        );
      return firstProblem([
        answer.total !== 1024 && `total ${answer.total} after the buffer wrapped, expected 1024`,
      ]);
    },
  },
  {
    id: 'counters.values',
    section: '§8',
    title: 'COUNTERS returns every counter id 1–7 once; boots ≥ 1',
    run: async (ctx) => {
      const { answer } = await ctx.probe.request({ kind: 'counters' });
      if (answer?.kind !== 'counterValues') return fail(`answered ${answer?.kind ?? 'nothing'} to COUNTERS`);
      const ids = answer.values.map((v) => v.id);
      const missing = COUNTER_IDS.filter((id) => !ids.includes(id));
      return firstProblem([
        missing.length > 0 && `missing counters: ${missing.join(', ')}`,
        new Set(ids).size !== ids.length && 'a counter is reported twice',
        (answer.values.find((v) => v.id === 'boots')?.value ?? 0) < 1 && 'boots is 0 on a running unit',
      ]);
    },
  },
  {
    id: 'timeouts.answer',
    section: '§10',
    title: 'HELLO answered within 500 ms, IDENTITY within 1,000 ms + line time',
    run: async (ctx) => {
      // Best of three: the clause asks whether the unit can keep the budget, not what a busy host costs.
      const hello: number[] = [];
      const identity: number[] = [];
      for (let i = 0; i < 3; i++) {
        const h = await ctx.probe.request(HELLO);
        if (h.answer?.kind === 'helloAck') hello.push(h.exchange.ms);
        const id = await ctx.probe.request({ kind: 'identity' });
        if (id.answer?.kind === 'identityInfo') identity.push(id.exchange.ms);
      }
      const baud = ctx.probe.transport.baud;
      const identityBudget = BASE_TIMEOUT_MS + (baud ? (2 * 256 * 10 * 1000) / baud : 0);
      const best = (xs: number[]) => (xs.length ? Math.min(...xs) : Infinity);
      return firstProblem([
        best(hello) > HELLO_TIMEOUT_MS &&
          `HELLO answered in ${best(hello)} ms at best (budget ${HELLO_TIMEOUT_MS} ms)`,
        best(identity) > identityBudget &&
          `IDENTITY answered in ${best(identity)} ms at best (budget ${Math.round(identityBudget)} ms)`,
      ]);
    },
  },
  FREEZE_CLAUSE,
  ...FIRMWARE_CLAUSES,
];

export { HELLO as CONFORMANCE_HELLO };
